// The vendor support desk demo page: plain JavaScript over socket.io-client (served from node_modules).
// HTTP routes (create, mark as read, listings) on the API's origin with the same bearer token as the
// socket. Every user-provided string is rendered with textContent, never as HTML.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = {
    socket: null, token: null, me: null, api: null, queries: new Map(), current: null, nextCursor: null,
    typing: new Map(), typingSent: 0,
  };

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c);
    return e;
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  function setStatus(s, text) {
    $('status').dataset.state = s;
    $('status').textContent = text || s;
  }

  const staff = () => state.me.role !== 'vendor';
  const unreadOf = (q) => (staff() ? q.unreadBySupport : q.unreadByVendor) || 0;
  const time = (iso) => new Date(iso).toLocaleTimeString();

  function call(event, payload) {
    return state.socket.timeout(10000).emitWithAck(event, payload)
      .catch(() => ({ ok: false, error: { code: 'TIMEOUT', message: event + ' timed out' } }));
  }

  async function api(method, path, body) {
    const r = await fetch(state.api + path, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + state.token }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((json.error && json.error.message) || r.status + ' ' + r.statusText);
    return json;
  }

  async function start() {
    const config = await (await fetch('/config.json')).json();
    state.config = config;
    state.api = config.websocketUrl.replace(/^ws/, 'http');
    for (const [id, name] of Object.entries(config.users)) {
      $('user').append(el('option', { value: id, textContent: name + ' (' + id + ')' }));
    }
    $('login-button').onclick = () => login($('user').value);
    const preset = new URLSearchParams(location.search).get('user');
    if (preset) login(preset);
  }

  function claims(token) {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  }

  async function login(userId) {
    const r = await fetch('/demo/token?user=' + encodeURIComponent(userId));
    const body = await r.json();
    if (!r.ok) { toast(body.error); return; }
    const c = claims(body.token);
    const roles = c.roles || [];
    state.token = body.token;
    state.me = { id: body.userId, name: body.name,
      role: roles.includes('admin') ? 'admin' : roles.includes('support') ? 'support' : 'vendor' };
    $('me').textContent = body.name + ' \u00B7 ' + state.me.role;
    $('login').hidden = true;
    $('desk').hidden = false;
    $('new-query').hidden = staff();
    $('list-title').textContent = staff() ? 'Incoming queries' : 'My queries';
    setStatus('connecting', 'connecting\u2026');
    const socket = io(state.config.websocketUrl, { transports: ['websocket'], auth: { token: body.token } });
    state.socket = socket;
    socket.on('connect', () => { setStatus('connected'); if (state.current) open(state.current, true); });
    socket.on('disconnect', () => setStatus('offline', 'disconnected'));
    socket.io.on('reconnect_attempt', () => setStatus('reconnecting', 'reconnecting\u2026'));
    socket.on('connect_error', (e) => { setStatus('error', 'refused'); toast(e.message + ': ' + (e.data && e.data.message || '')); });
    socket.on('error', (e) => toast(e.code + ': ' + e.message));
    socket.on('newSupportQuery', (q) => { upsert(q, true); });
    socket.on('newMessage', onMessage);
    socket.on('queryMarkedAsRead', onRead);
    socket.on('typing', onTyping);
    $('new-query').onsubmit = createQuery;
    $('composer').onsubmit = send;
    $('message-input').oninput = typing;
    $('read-button').onclick = markRead;
    $('older').onclick = older;
    await loadQueries();
  }

  async function loadQueries() {
    try {
      const page = await api('GET', '/vendor-support-queries?limit=100');
      page.queries.reverse().forEach((q) => upsert(q, true));
    } catch (e) {
      toast('could not load queries: ' + e.message);
    }
  }

  // adds or refreshes a query in the list (newest on top)
  function upsert(q, top) {
    const known = state.queries.get(q.queryId);
    const merged = Object.assign(known ? known.data : {}, q);
    let li = known && known.li;
    if (!li) {
      li = el('li', { onclick: () => open(q.queryId) });
      li.dataset.query = q.queryId;
      state.queries.set(q.queryId, { data: merged, li });
    } else {
      known.data = merged;
    }
    li.replaceChildren(
      el('span', { className: 'badge', textContent: String(unreadOf(merged)) }),
      el('div', { className: 'subject', textContent: merged.subject }),
      el('div', { className: 'meta', textContent: merged.vendorName + ' \u00B7 ' + (merged.isRead ? 'read by support' : 'unread by support') }));
    li.querySelector('.badge').dataset.count = String(unreadOf(merged));
    li.classList.toggle('unread', unreadOf(merged) > 0);
    li.classList.toggle('current', state.current === q.queryId);
    if (top || !li.parentNode) $('queries').prepend(li);
  }

  async function createQuery(e) {
    e.preventDefault();
    const subject = $('new-subject').value;
    const message = $('new-message').value;
    try {
      const q = await api('POST', '/vendor-support-queries', { subject, message });
      $('new-subject').value = '';
      $('new-message').value = '';
      upsert(q, true);
      open(q.queryId);
    } catch (err) {
      toast(err.message);
    }
  }

  async function open(queryId, again) {
    if (state.current && state.current !== queryId) call('leaveQuery', { queryId: state.current });
    const r = await call('joinQuery', { queryId });
    if (!r.ok) { toast(r.error.code + ': ' + r.error.message); return; }
    state.current = queryId;
    state.typing.clear();
    renderTyping();
    upsert(r.query);
    for (const { li } of state.queries.values()) li.classList.toggle('current', li.dataset.query === queryId);
    $('query-title').textContent = r.query.subject;
    $('query-meta').textContent = r.query.vendorName + ' \u00B7 opened ' + new Date(r.query.createdAt).toLocaleString();
    $('read-button').hidden = false;
    $('composer').hidden = false;
    showRead(r.query);
    const list = $('messages');
    list.replaceChildren(el('li', { className: 'opening', textContent: r.query.message }));
    r.messages.forEach(appendMessage);
    state.nextCursor = r.nextCursor;
    $('older').hidden = !r.nextCursor;
    if (!again) $('message-input').focus();
  }

  async function older() {
    const r = await call('getMessages', { queryId: state.current, before: state.nextCursor });
    if (!r.ok) { toast(r.error.message); return; }
    const first = $('messages').children[1] || null;
    r.messages.forEach((m) => $('messages').insertBefore(messageItem(m), first));
    state.nextCursor = r.nextCursor;
    $('older').hidden = !r.nextCursor;
  }

  function messageItem(m) {
    const li = el('li', { className: m.senderId === state.me.id ? 'mine' : '' },
      el('div', { className: 'meta', textContent: m.senderName + ' \u00B7 ' + time(m.createdAt) }),
      el('div', { className: 'text', textContent: m.content }));
    li.dataset.id = m.id;
    return li;
  }

  function appendMessage(m) {
    if ($('messages').querySelector('li[data-id="' + m.id + '"]')) return;
    $('messages').append(messageItem(m));
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  function onMessage(m) {
    const q = state.queries.get(m.queryId);
    if (q && m.senderId !== state.me.id) {
      const fromStaff = m.senderRole !== 'vendor';
      if (fromStaff) q.data.unreadByVendor = (q.data.unreadByVendor || 0) + 1;
      else { q.data.unreadBySupport = (q.data.unreadBySupport || 0) + 1; q.data.isRead = false; }
      upsert(q.data);
    }
    if (m.queryId === state.current) {
      state.typing.delete(m.senderId);
      renderTyping();
      appendMessage(m);
    }
  }

  function showRead(q) {
    $('read-state').textContent = q.readBy ? 'Read by ' + (q.readBy === state.me.id ? 'you' : readerName(q)) + ' at ' + time(q.readAt) : '';
  }

  function readerName(q) {
    const users = state.config.users;
    return users[q.readBy] || q.readBy;
  }

  function onRead(r) {
    const q = state.queries.get(r.queryId);
    if (q) upsert(Object.assign(q.data, r));
    if (r.queryId === state.current) showRead(r);
  }

  async function markRead() {
    try {
      const q = await api('PATCH', '/vendor-support-queries/' + encodeURIComponent(state.current) + '/read');
      upsert(q);
      showRead(q);
    } catch (e) {
      toast(e.message);
    }
  }

  async function send(e) {
    e.preventDefault();
    const input = $('message-input');
    const content = input.value;
    if (!content.trim()) return;
    const r = await call('sendMessage', { queryId: state.current, content });
    if (!r.ok) { toast(r.error.code + ': ' + r.error.message); return; }
    input.value = '';
    appendMessage(r.message);
    call('typing', { queryId: state.current, isTyping: false });
    state.typingSent = 0;
  }

  function typing() {
    const now = Date.now();
    if (state.current && now - state.typingSent > 2000) {
      state.typingSent = now;
      call('typing', { queryId: state.current, isTyping: true });
    }
  }

  function onTyping(t) {
    if (t.queryId !== state.current) return;
    clearTimeout(state.typing.get(t.userId));
    if (t.isTyping) state.typing.set(t.userId, setTimeout(() => { state.typing.delete(t.userId); renderTyping(); }, 5000));
    else state.typing.delete(t.userId);
    state.typingNames = Object.assign(state.typingNames || {}, { [t.userId]: t.name });
    renderTyping();
  }

  function renderTyping() {
    const names = [...state.typing.keys()].map((id) => (state.typingNames || {})[id] || id);
    $('typing').textContent = names.length ? names.join(', ') + (names.length > 1 ? ' are' : ' is') + ' typing\u2026' : '';
  }

  start();
})();
