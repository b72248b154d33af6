// The team chat demo page: plain JavaScript over socket.io-client (served from node_modules).
// Every user-provided string is rendered with textContent, never as HTML.
(function () {
  'use strict';
  const REACTIONS = { like: '\u{1F44D}', love: '\u2764\uFE0F', laugh: '\u{1F602}', wow: '\u{1F62E}', sad: '\u{1F622}', angry: '\u{1F620}' };
  const $ = (id) => document.getElementById(id);
  const state = {
    socket: null, me: null, names: {}, channels: new Map(), current: null, members: new Map(),
    messages: new Map(), online: new Set(), typing: new Map(), nextCursor: 0, typingSent: 0, typingTimer: null,
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

  // emit with an ack, resolving to the server's {ok, ...} answer (or a timeout error)
  function call(event, payload) {
    return state.socket.timeout(10000).emitWithAck(event, payload).catch(() => ({ ok: false, error: { code: 'TIMEOUT', message: event + ' timed out' } }));
  }

  async function start() {
    const config = await (await fetch('/config.json')).json();
    state.config = config;
    for (const [id, name] of Object.entries(config.users)) {
      state.names[id] = name;
      $('user').append(el('option', { value: id, textContent: name }));
    }
    $('login-button').onclick = () => login($('user').value);
    const preset = new URLSearchParams(location.search).get('user');
    if (preset) login(preset);
  }

  async function login(userId) {
    const r = await fetch('/demo/token?user=' + encodeURIComponent(userId));
    const body = await r.json();
    if (!r.ok) { toast(body.error); return; }
    $('login').hidden = true;
    $('chat').hidden = false;
    setStatus('connecting', 'connecting\u2026');
    // socket.io-client's defaults: HTTP long-polling first, then the upgrade to WebSocket (a
    // browser or proxy without WebSocket stays on polling); #status[data-transport] shows which.
    // "transports" in config.json (e.g. ["websocket"] where no HTTP API serves polling) or the page's
    // ?transports=websocket overrides them.
    const wanted = new URLSearchParams(location.search).get('transports');
    const list = wanted ? wanted.split(',') : state.config.transports;
    const transports = list ? { transports: list } : {};
    const socket = io(state.config.websocketUrl, { ...transports, auth: { token: body.token } });
    state.socket = socket;
    const showTransport = () => { $('status').dataset.transport = socket.io.engine.transport.name; };
    socket.io.on('open', () => { showTransport(); socket.io.engine.on('upgrade', showTransport); });
    socket.on('connect', () => setStatus('connected'));
    socket.on('disconnect', () => setStatus('offline', 'disconnected'));
    socket.io.on('reconnect_attempt', () => setStatus('reconnecting', 'reconnecting\u2026'));
    socket.on('connect_error', (err) => setStatus('error', 'error: ' + (err.data && err.data.message || err.message)));
    socket.on('connected', onConnected);
    socket.on('new_message', onNewMessage);
    socket.on('message_edited', (e) => patchMessage(e.channelId, e.messageId, { content: e.content, editedAt: e.editedAt }));
    socket.on('message_deleted', (e) => patchMessage(e.channelId, e.messageId, { deleted: true, content: '' }));
    socket.on('reaction_added', (e) => patchMessage(e.channelId, e.messageId, { reactions: e.reactions }));
    socket.on('reaction_removed', (e) => patchMessage(e.channelId, e.messageId, { reactions: e.reactions }));
    socket.on('messages_read', (e) => updateMember(e.channelId, e.userId, { lastReadId: e.lastReadId }));
    socket.on('messages_delivered', (e) => updateMember(e.channelId, e.userId, { lastDeliveredId: e.lastDeliveredId }));
    socket.on('user_typing', (e) => setTyping(e, true));
    socket.on('user_stopped_typing', (e) => setTyping(e, false));
    socket.on('user_joined', (e) => { system(e.channelId, e.name + ' joined'); updateMember(e.channelId, e.userId, { role: 'member', lastReadId: 0 }); });
    socket.on('user_left', (e) => { system(e.channelId, e.name + ' left'); if (e.channelId === state.current) { state.members.delete(e.userId); renderMembers(); } });
    socket.on('user_online', (e) => { state.online.add(e.userId); renderMembers(); });
    socket.on('user_offline', (e) => { state.online.delete(e.userId); renderMembers(); });
    socket.on('error', (e) => toast(e.event + ': ' + e.message));
  }

  function onConnected(info) {
    state.me = info.userId;
    $('me').textContent = 'signed in as ' + info.name;
    state.online = new Set(info.online);
    state.channels.clear();
    for (const c of info.channels) state.channels.set(c.id, c);
    renderChannels();
    const wanted = new URLSearchParams(location.search).get('channel') || 'general';
    const first = state.channels.has(wanted) ? wanted : (info.channels[0] || {}).id;
    open(state.current && state.channels.has(state.current) ? state.current : first);
  }

  function renderChannels() {
    const list = $('channels');
    list.replaceChildren();
    for (const c of state.channels.values()) {
      const li = el('li', { className: c.id === state.current ? 'current' : '' },
        el('span', { textContent: (c.private ? '\u{1F512} ' : '# ') + c.name }),
        el('span', { className: 'badge', textContent: c.unread ? String(c.unread) : '' }));
      li.dataset.channel = c.id;
      li.onclick = () => open(c.id);
      list.append(li);
    }
  }

  async function open(channelId, join) {
    if (!channelId) return;
    const r = await call('join_channel', { channelId });
    if (!r.ok) { toast(r.error.message); return; }
    state.current = channelId;
    state.channels.set(channelId, Object.assign(state.channels.get(channelId) || {}, r.channel, { unread: 0, role: r.role }));
    state.members = new Map(r.members.map((m) => [m.userId, m]));
    for (const m of r.members) if (m.online) state.online.add(m.userId);
    state.messages = new Map();
    state.nextCursor = r.nextCursor;
    $('room-title').textContent = r.channel.name;
    $('leave-button').hidden = false;
    $('messages').replaceChildren();
    $('typing').textContent = '';
    state.typing.clear();
    for (const m of r.messages) addMessage(m);
    $('older').hidden = !r.nextCursor;
    renderChannels();
    renderMembers();
    markRead();
  }

  async function older() {
    const r = await call('fetch_messages', { channelId: state.current, before: state.nextCursor });
    if (!r.ok) { toast(r.error.message); return; }
    const first = $('messages').firstChild;
    for (const m of r.messages) addMessage(m, first);
    state.nextCursor = r.nextCursor;
    $('older').hidden = !r.nextCursor;
  }

  function onNewMessage(m) {
    if (m.authorId !== state.me) call('mark_as_delivered', { channelId: m.channelId, messageId: m.id });
    setTyping({ channelId: m.channelId, userId: m.authorId }, false);
    if (m.channelId === state.current) {
      addMessage(m);
      markRead();
    } else if (state.channels.has(m.channelId) && m.authorId !== state.me) {
      state.channels.get(m.channelId).unread = (state.channels.get(m.channelId).unread || 0) + 1;
      renderChannels();
    }
  }

  // read receipts: whatever is on screen while the page is visible counts as read
  function markRead() {
    if (document.visibilityState !== 'visible' || !state.current) return;
    let last = 0;
    for (const id of state.messages.keys()) last = Math.max(last, id);
    const me = state.members.get(state.me);
    if (!last || (me && me.lastReadId >= last)) return;
    if (me) me.lastReadId = last;
    call('mark_as_read', { channelId: state.current, messageId: last });
  }
  document.addEventListener('visibilitychange', markRead);

  function addMessage(m, before) {
    if (m.channelId !== state.current) return;
    if (state.messages.has(m.id)) { patchMessage(m.channelId, m.id, m); return; }
    state.messages.set(m.id, m);
    const li = el('li');
    li.dataset.id = m.id;
    renderMessage(li, m);
    if (before) $('messages').insertBefore(li, before); else $('messages').append(li);
    li.scrollIntoView({ block: 'end' });
  }

  function patchMessage(channelId, id, change) {
    if (channelId !== state.current || !state.messages.has(id)) return;
    const m = Object.assign(state.messages.get(id), change);
    const li = $('messages').querySelector('li[data-id="' + id + '"]');
    if (li) renderMessage(li, m);
  }

  function renderMessage(li, m) {
    const mine = m.authorId === state.me;
    li.className = (mine ? 'mine ' : '') + (m.deleted ? 'deleted' : '');
    const meta = el('div', { className: 'meta', textContent: m.authorName + ' \u00B7 ' + new Date(m.createdAt).toLocaleTimeString() + (m.editedAt ? ' \u00B7 edited' : '') });
    if (mine && !m.deleted) meta.append(el('span', { className: 'receipt', textContent: receipt(m) }));
    const text = el('div', { className: 'text', textContent: m.deleted ? 'message deleted' : m.content });
    const reactions = el('div', { className: 'reactions' });
    if (!m.deleted) {
      for (const [type, emoji] of Object.entries(REACTIONS)) {
        const users = (m.reactions && m.reactions[type]) || [];
        if (!users.length && !mine && type !== 'like') continue;
        const b = el('button', { className: users.includes(state.me) ? 'mine' : '', textContent: emoji + (users.length ? ' ' + users.length : '') });
        b.title = users.map((u) => state.names[u] || u).join(', ') || type;
        b.dataset.reaction = type;
        b.onclick = () => react(m, type, !users.includes(state.me));
        reactions.append(b);
      }
    }
    const actions = el('div', { className: 'actions' });
    const admin = (state.channels.get(state.current) || {}).role === 'admin';
    if (!m.deleted && mine) actions.append(el('button', { textContent: 'edit', onclick: () => edit(m) }));
    if (!m.deleted && (mine || admin)) actions.append(el('button', { textContent: 'delete', onclick: () => remove(m) }));
    li.replaceChildren(meta, text, reactions, actions);
  }

  function receipt(m) {
    const readers = [...state.members.values()].filter((x) => x.userId !== state.me && x.lastReadId >= m.id);
    if (readers.length) return '\u2713\u2713 Read by ' + readers.map((x) => state.names[x.userId] || x.userId).join(', ');
    const delivered = [...state.members.values()].some((x) => x.userId !== state.me && x.lastDeliveredId >= m.id);
    return delivered ? '\u2713\u2713 delivered' : '\u2713 sent';
  }

  function updateMember(channelId, userId, change) {
    if (channelId !== state.current) return;
    const m = Object.assign(state.members.get(userId) || { userId, role: 'member', lastReadId: 0, lastDeliveredId: 0 }, change);
    state.members.set(userId, m);
    renderMembers();
    for (const [id, msg] of state.messages) if (msg.authorId === state.me) patchMessage(channelId, id, {});
  }

  function renderMembers() {
    const list = $('members');
    list.replaceChildren();
    for (const m of state.members.values()) {
      const li = el('li', { className: state.online.has(m.userId) ? 'online' : '' }, el('span', { className: 'dot' }),
        el('span', { textContent: (state.names[m.userId] || m.userId) + (m.role === 'admin' ? ' (admin)' : '') }));
      li.dataset.user = m.userId;
      list.append(li);
    }
  }

  function setTyping(e, on) {
    if (e.channelId !== state.current) return;
    clearTimeout(state.typing.get(e.userId));
    if (on) state.typing.set(e.userId, setTimeout(() => setTyping(e, false), 6000));
    else state.typing.delete(e.userId);
    const names = [...state.typing.keys()].map((u) => state.names[u] || u);
    $('typing').textContent = names.length ? names.join(', ') + (names.length > 1 ? ' are' : ' is') + ' typing\u2026' : '';
  }

  function system(channelId, text) {
    if (channelId === state.current) $('messages').append(el('li', { className: 'system', textContent: text }));
  }

  async function send(event) {
    event.preventDefault();
    const input = $('message-input');
    const content = input.value.trim();
    if (!content || !state.current) return;
    input.value = '';
    stopTyping();
    const r = await call('send_message', { channelId: state.current, content, clientId: String(Date.now()) });
    if (!r.ok) { input.value = content; toast(r.error.message); return; }
    addMessage(r.message);
  }

  function typed() {
    if (!state.current) return;
    const now = Date.now();
    if (now - state.typingSent > 2000) {
      state.typingSent = now;
      call('typing_start', { channelId: state.current });
    }
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, 3000);
  }

  function stopTyping() {
    clearTimeout(state.typingTimer);
    if (state.typingSent && state.current) call('typing_stop', { channelId: state.current });
    state.typingSent = 0;
  }

  async function react(m, type, add) {
    const r = await call(add ? 'add_reaction' : 'remove_reaction', { channelId: m.channelId, messageId: m.id, reaction: type });
    if (!r.ok) toast(r.error.message);
  }

  async function edit(m) {
    const content = prompt('Edit message', m.content);
    if (content == null) return;
    const r = await call('edit_message', { channelId: m.channelId, messageId: m.id, content });
    if (!r.ok) toast(r.error.message);
  }

  async function remove(m) {
    const r = await call('delete_message', { channelId: m.channelId, messageId: m.id });
    if (!r.ok) toast(r.error.message);
  }

  $('composer').onsubmit = send;
  $('message-input').oninput = typed;
  $('older').onclick = older;
  $('join-form').onsubmit = async (event) => {
    event.preventDefault();
    const id = $('join-id').value.trim();
    if (id) { $('join-id').value = ''; await open(id); }
  };
  $('leave-button').onclick = async () => {
    const r = await call('leave_channel', { channelId: state.current });
    if (!r.ok) { toast(r.error.message); return; }
    state.channels.delete(state.current);
    state.current = null;
    $('messages').replaceChildren();
    $('room-title').textContent = '';
    renderChannels();
  };
  $('invisible').onchange = (e) => call(e.target.checked ? 'user_offline' : 'user_online', {});
  start().catch((e) => setStatus('error', 'error: ' + e.message));
})();
