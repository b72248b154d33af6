// The service queue demo page: plain JavaScript over socket.io-client, the seed's events unchanged.
// Staff and admins: dashboard (queues, counters with call/complete/open/close, live metrics, staff
// connections). Customers: take a ticket, see their number, now serving and their position live.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { config: null, token: null, socket: null, me: null, api: null, services: {}, counters: {}, ticket: null };

  function toast(text) {
    $('toast').textContent = text;
    $('toast').hidden = false;
    setTimeout(() => { $('toast').hidden = true; }, 4000);
  }

  async function api(method, path, body) {
    const headers = { authorization: 'Bearer ' + state.token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(state.api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error(json && json.error ? json.error.message : 'HTTP ' + r.status);
    return json;
  }

  function log(list, text) {
    const li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ' ' + text;
    $(list).prepend(li);
    while ($(list).children.length > 50) $(list).lastChild.remove();
  }

  async function start() {
    state.config = await (await fetch('/config.json')).json();
    state.api = state.config.websocketUrl.replace(/^ws/, 'http');
    for (const [id, name] of Object.entries(state.config.users)) {
      const o = document.createElement('option');
      o.value = id;
      o.textContent = name;
      $('user').append(o);
    }
    $('login-button').onclick = () => login($('user').value);
    const preset = new URLSearchParams(location.search).get('user');
    if (preset) login(preset);
  }

  async function login(userId) {
    const r = await fetch('/demo/token?user=' + encodeURIComponent(userId));
    const body = await r.json();
    if (!r.ok) return toast(body.error || 'cannot log in');
    state.token = body.token;
    const claims = JSON.parse(atob(body.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    state.me = { id: claims.sub, roles: claims.roles || [] };
    $('me').textContent = claims.name || claims.sub;
    $('login').hidden = true;
    const socket = io(state.config.websocketUrl, { transports: ['websocket'], auth: { token: body.token } });
    state.socket = socket;
    socket.on('connect', () => { $('status').dataset.state = 'connected'; $('status').textContent = 'connected'; });
    socket.on('disconnect', () => { $('status').dataset.state = 'offline'; $('status').textContent = 'disconnected'; });
    socket.on('connect_error', (e) => toast('connect_error: ' + e.message));
    socket.on('connected', (info) => {
      socket.emit('clientInfo', { userAgent: navigator.userAgent, language: navigator.language,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      if (state.me.roles.includes('staff') || state.me.roles.includes('admin')) staffView(info); else customerView();
    });
    socket.on('systemNotification', (n) => toast(n.message));
  }

  // ---- staff dashboard

  async function staffView() {
    $('dashboard').hidden = false;
    const s = state.socket;
    s.on('staffConnectionUpdate', (u) => log('staff', 'client ' + u.clientId + ' ' + u.action + ' (' + u.totalConnected + ' connected)'));
    s.on('loadBalancingMetrics', (m) => {
      $('metrics-time').textContent = new Date(m.timestamp).toLocaleTimeString();
      $('metric-clients').textContent = m.connectedClients;
      $('metric-waiting').textContent = m.totalWaiting;
      $('metric-counters').textContent = m.counters.busy + ' / ' + m.counters.available + ' / ' + m.counters.closed;
      m.services.forEach((x) => {
        const svc = state.services[x.serviceType];
        if (svc) { svc.averageWait = x.averageWaitSeconds; renderServices(); }
      });
    });
    s.on('queueUpdated', (q) => {
      Object.assign(state.services[q.serviceType] || (state.services[q.serviceType] = { serviceType: q.serviceType }), q);
      renderServices();
    });
    s.on('counterStatusChange', (c) => {
      state.counters[c.counterId] = Object.assign(state.counters[c.counterId] || {}, c);
      if (c.status !== 'busy') delete state.counters[c.counterId].currentTicket;
      renderCounters();
    });
    for (const e of ['ticketCreated', 'ticketServing', 'ticketCompleted']) {
      s.on(e, (t) => {
        log('events', e + ' ' + t.ticketNumber + ': ' + t.message);
        if (e === 'ticketServing' && state.counters[t.counterId]) state.counters[t.counterId].currentTicketId = t.ticketId;
      });
    }
    const joined = await s.emitWithAck('joinDashboard', { userRole: state.me.roles.includes('admin') ? 'admin' : 'staff', userId: state.me.id });
    if (!joined.success) return toast(joined.error);
    const board = await api('GET', '/api/dashboard');
    board.services.forEach((x) => { state.services[x.serviceType] = x; });
    board.counters.forEach((c) => { state.counters[c.counterId] = c; });
    for (const c of board.counters) await s.emitWithAck('joinCounter', { counterId: c.counterId });
    renderServices();
    renderCounters();
  }

  function renderServices() {
    const body = $('services').querySelector('tbody');
    body.replaceChildren();
    for (const x of Object.values(state.services)) {
      const tr = document.createElement('tr');
      tr.dataset.service = x.serviceType;
      const avg = x.averageWait !== undefined ? x.averageWait
        : (x.servedCount ? Math.round(x.totalWaitMs / 1000 / x.servedCount) : 0);
      for (const [cls, v] of [['name', x.serviceType], ['waiting', x.totalWaiting], ['serving', x.nowServing || '-'],
        ['served', x.servedCount !== undefined ? x.servedCount : '-'], ['avg', avg + ' s']]) {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = v;
        tr.append(td);
      }
      body.append(tr);
    }
  }

  function renderCounters() {
    const ul = $('counters');
    ul.replaceChildren();
    for (const c of Object.values(state.counters)) {
      const li = document.createElement('li');
      li.dataset.counter = c.counterId;
      li.dataset.status = c.status;
      li.innerHTML = '<span class="name"></span> <span class="svc"></span> <span class="state"></span> <span class="current"></span>';
      li.querySelector('.name').textContent = c.counterName;
      li.querySelector('.svc').textContent = '(' + c.serviceType + ')';
      li.querySelector('.state').textContent = c.status;
      li.querySelector('.current').textContent = c.currentTicket || '';
      const button = (label, action) => {
        const b = document.createElement('button');
        b.textContent = label;
        b.dataset.action = action;
        b.onclick = () => act(c, action).catch((e) => toast(e.message));
        li.append(b);
      };
      if (c.status === 'closed') button('Open', 'open');
      if (c.status === 'available') { button('Call next', 'call-next'); button('Close', 'close'); }
      if (c.status === 'busy') button('Complete', 'complete');
      ul.append(li);
    }
  }

  async function act(counter, action) {
    if (action === 'complete') {
      const id = counter.currentTicketId;
      if (!id) throw new Error('no ticket known for ' + counter.counterName);
      await api('POST', '/api/tickets/' + encodeURIComponent(id) + '/complete');
    } else {
      const r = await api('POST', '/api/counters/' + encodeURIComponent(counter.counterId) + '/' + action);
      if (action === 'call-next') counter.currentTicketId = r.ticketId;
    }
  }

  // ---- customer ticket view

  async function customerView() {
    $('customer').hidden = false;
    const s = state.socket;
    const { services } = await api('GET', '/api/services');
    for (const x of services) {
      const o = document.createElement('option');
      o.value = x.serviceType;
      o.textContent = x.serviceType;
      $('service').append(o);
    }
    await s.emitWithAck('joinUserRoom', { userId: state.me.id });
    s.on('queueUpdated', (q) => {
      if (!state.ticket || q.serviceType !== state.ticket.serviceType) return;
      $('now-serving').textContent = q.nowServing || '-';
      if (state.ticket.status === 'waiting') $('my-position').textContent = Math.max(0, state.ticket.seq - q.calledUpTo);
    });
    for (const e of ['ticketCreated', 'ticketServing', 'ticketCompleted']) {
      s.on(e, (t) => {
        if (!state.ticket || t.ticketId !== state.ticket.ticketId) return;
        state.ticket.status = t.status;
        showTicket(t.message);
      });
    }
    $('take-form').onsubmit = async (ev) => {
      ev.preventDefault();
      try {
        const serviceType = $('service').value;
        const joined = await s.emitWithAck('joinServiceQueue', { serviceType });
        if (!joined.success) throw new Error(joined.error);
        state.ticket = await api('POST', '/api/tickets', { serviceType });
        const svc = await api('GET', '/api/services/' + encodeURIComponent(serviceType));
        $('now-serving').textContent = svc.nowServing || '-';
        showTicket(state.ticket.message);
      } catch (e) {
        toast(e.message);
      }
    };
    // enabled once the submit handler is in place: a click before it would submit the form natively (a reload)
    $('take-button').disabled = false;
  }

  function showTicket(message) {
    const t = state.ticket;
    $('ticket').hidden = false;
    $('my-number').textContent = t.ticketNumber;
    $('my-status').textContent = message;
    $('my-status').dataset.status = t.status;
    if (t.status === 'waiting' && t.position !== undefined) $('my-position').textContent = t.position;
    if (t.status !== 'waiting') $('my-position').textContent = t.status === 'serving' ? 'your turn' : 'done';
  }

  start();
})();
