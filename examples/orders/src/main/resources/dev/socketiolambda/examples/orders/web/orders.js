// The orders demo page (seed 001): plain JavaScript over socket.io-client (served from node_modules).
// One page, three views by the token's role: customer, admin, delivery agent. The socket code is the
// seed's SocketService: auth {token: "Bearer <jwt>"}, register {userId, role} on connect, and the
// catalogue's events; actions go through the HTTP routes, whose writes come back as events.
(function () {
  'use strict';
  const STATUSES = ['pending', 'confirmed', 'preparing', 'ready', 'out_for_delivery', 'delivered'];
  const state = { config: null, token: null, me: null, role: null, socket: null, orders: {}, tracking: {} };
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const e = Object.assign(document.createElement(tag), props || {});
    children.forEach((c) => e.append(c));
    return e;
  }

  function log(text) {
    $('log').prepend(el('li', { textContent: new Date().toLocaleTimeString() + ' ' + text }));
  }

  function setStatus(s, text) {
    $('status').dataset.state = s;
    $('status').textContent = text || s;
  }

  function setBusiness(isOpen, message) {
    $('business').dataset.open = String(isOpen);
    $('business').textContent = isOpen ? 'open' : 'closed';
    $('business').title = message || '';
  }

  async function api(method, path, body) {
    const r = await fetch(state.config.websocketUrl.replace(/^ws/, 'http') + path, {
      method, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + state.token },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) { log('refused: ' + (json.error ? json.error.message : r.status)); return null; }
    return json.data !== undefined ? json.data : json;
  }

  async function start() {
    state.config = await (await fetch('/config.json')).json();
    for (const [id, name] of Object.entries(state.config.users)) $('user').append(el('option', { value: id, textContent: name }));
    $('login-button').onclick = () => login($('user').value);
    const preset = new URLSearchParams(location.search).get('user');
    if (preset) login(preset);
  }

  async function login(userId) {
    const r = await fetch('/demo/token?user=' + encodeURIComponent(userId));
    const body = await r.json();
    if (!r.ok) { log(body.error); return; }
    state.token = body.token;
    const claims = JSON.parse(atob(body.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    state.me = claims.sub;
    state.role = (claims.roles || [])[0];
    $('me').textContent = (claims.name || claims.sub) + ' (' + state.role + ')';
    $('login').hidden = true;
    $(state.role).hidden = false;
    const business = await api('GET', '/api/v1/business/status');
    if (business) setBusiness(business.isOpen, business.message);
    connect();
    if (state.role === 'customer') customerView();
    if (state.role === 'admin') adminView();
    if (state.role === 'delivery') deliveryView();
  }

  function connect() {
    setStatus('connecting', 'connecting\u2026');
    const socket = io(state.config.websocketUrl, { transports: ['websocket'], auth: { token: 'Bearer ' + state.token } });
    state.socket = socket;
    socket.on('connect', () => socket.emit('register', { userId: state.me, role: state.role }));
    socket.on('registered', () => setStatus('connected'));
    socket.on('disconnect', (reason) => setStatus('offline', 'disconnected: ' + reason));
    socket.on('connect_error', (err) => setStatus('error', 'error: ' + (err.data && err.data.message || err.message)));
    socket.on('error', (e) => log('error: ' + e.message));
    socket.on('business:status:update', (e) => { setBusiness(e.isOpen, e.message); log(e.message); });
    socket.on('notification:new', (e) => $('notifications').prepend(el('li', { textContent: e.title + ': ' + e.message })));
    socket.on('offer:new', (e) => $('offers').prepend(el('li', { textContent: e.code + ' \u2013 ' + e.description + ' (' + e.discountValue + ')' })));
    socket.on('order:status:update', (e) => updateOrder(e.orderId, { status: e.status, message: e.message }));
    socket.on('order:status:changed', (e) => updateOrder(e.orderId, { status: e.status, message: e.message }));
    socket.on('order:cancelled', (e) => updateOrder(e.orderId, { status: 'cancelled', message: 'Cancelled: ' + e.reason, orderNumber: e.orderNumber }));
    socket.on('order:new', (e) => updateOrder(e.orderId, { customerName: e.customerName, totalAmount: e.totalAmount, status: 'pending', items: e.items }));
    socket.on('order:assigned', (e) => updateOrder(e.orderId, { ...e, assigned: true }));
    socket.on('payment:received', (e) => {
      updateOrder(e.orderId, { paid: e.paymentMethod });
      if (state.role === 'admin') $('payments').prepend(el('li', { textContent: e.orderId + ': ' + e.amount + ' by ' + e.paymentMethod }));
    });
    socket.on('delivery:status:update', (e) => {
      const id = 'agent-' + e.deliveryBoyId;
      const text = e.deliveryBoyId + ': ' + e.status + (e.currentOrder ? ' (' + e.currentOrder + ')' : '');
      const li = document.getElementById(id) || $('agents').appendChild(el('li', { id }));
      li.textContent = text;
      li.dataset.status = e.status;
    });
    socket.on('delivery:location:update', (e) => updateOrder(e.orderId, { location: e.location, speed: e.speed }));
  }

  // ---- orders, as every role sees them

  function updateOrder(orderId, patch) {
    const o = state.orders[orderId] = Object.assign(state.orders[orderId] || { orderId }, patch);
    const list = state.role === 'customer' ? $('my-orders') : state.role === 'admin' ? $('orders') : $('assigned');
    if (state.role === 'delivery' && !o.assigned) return;
    let li = list.querySelector('[data-order="' + orderId + '"]');
    if (!li) { li = el('li', { className: 'order' }); li.dataset.order = orderId; list.prepend(li); }
    li.className = 'order ' + (o.status || '');
    li.dataset.status = o.status || '';
    li.replaceChildren(
      el('div', { textContent: (o.orderNumber || orderId) + (o.customerName ? ' \u2013 ' + o.customerName : '')
        + (o.totalAmount !== undefined ? ' \u2013 ' + o.totalAmount : '') + (o.paid ? ' \u2013 paid (' + o.paid + ')' : '') }),
      timeline(o.status),
      el('div', { className: 'message', textContent: o.message || '' }),
      locationPanel(o),
      actions(o));
  }

  function timeline(status) {
    const t = el('div', { className: 'timeline' });
    const at = STATUSES.indexOf(status);
    STATUSES.forEach((s, i) => t.append(el('span', { className: i < at ? 'done' : i === at ? 'current' : '', textContent: s })));
    return t;
  }

  function locationPanel(o) {
    if (!o.location) return el('div');
    const map = el('div', { className: 'map' });
    // a simple map: the demo area around Berlin's centre, 52.45..52.60 N, 13.30..13.50 E
    const x = Math.min(100, Math.max(0, (o.location.lng - 13.30) / 0.20 * 100));
    const y = Math.min(100, Math.max(0, (52.60 - o.location.lat) / 0.15 * 100));
    map.append(Object.assign(el('div', { className: 'dot' }), { style: 'left:' + x + '%;top:' + y + '%' }));
    return el('div', {}, map, el('div', { className: 'location', textContent: 'agent at ' + o.location.lat.toFixed(5) + ', '
      + o.location.lng.toFixed(5) + (o.speed !== undefined ? ' (' + o.speed + ' m/s)' : '') }));
  }

  function button(text, onclick, name) {
    const b = el('button', { textContent: text, onclick });
    b.dataset.action = name || text;
    return b;
  }

  function actions(o) {
    const box = el('div', { className: 'actions' });
    const id = o.orderId;
    if (state.role === 'customer') {
      if (o.status === 'pending' || o.status === 'confirmed') box.append(button('Cancel', () => api('PATCH', '/api/v1/orders/' + id + '/cancel', { reason: 'Changed my mind' }), 'cancel'));
      if (!o.paid && o.status !== 'cancelled') box.append(button('Pay by card', () => api('POST', '/api/v1/payments', { orderId: id, paymentMethod: 'card' }), 'pay'));
    }
    if (state.role === 'admin' && o.status && o.status !== 'cancelled' && o.status !== 'delivered') {
      const nextStatus = { pending: 'confirmed', confirmed: 'preparing', preparing: 'ready' }[o.status];
      if (nextStatus) box.append(button('Mark ' + nextStatus, () => api('PATCH', '/api/v1/orders/' + id + '/status', { status: nextStatus }), nextStatus));
      const agent = el('input', { placeholder: 'agent id', value: 'dan', size: 6 });
      box.append(agent, button('Assign', () => api('PATCH', '/api/v1/orders/' + id + '/assign', { deliveryBoyId: agent.value }), 'assign'));
      box.append(button(state.tracking[id] ? 'Tracking' : 'Track', () => {
        state.socket.emit('join:order', id); state.tracking[id] = true; updateOrder(id, {});
      }, 'track'));
      box.append(button('Cancel', () => api('PATCH', '/api/v1/orders/' + id + '/cancel', { reason: 'Out of dough' }), 'cancel'));
    }
    if (state.role === 'delivery' && o.status !== 'cancelled' && o.status !== 'delivered') {
      box.append(button('Send location', () => sendLocation(id), 'locate'));
      if (o.status !== 'out_for_delivery') box.append(button('Out for delivery', () => api('PATCH', '/api/v1/orders/' + id + '/status', { status: 'out_for_delivery' }), 'out_for_delivery'));
      else box.append(button('Delivered', () => api('PATCH', '/api/v1/orders/' + id + '/status', { status: 'delivered' }), 'delivered'));
    }
    return box;
  }

  // ---- views

  async function customerView() {
    const menu = await api('GET', '/api/v1/menu');
    for (const p of (menu ? menu.products : [])) {
      const q = el('input', { type: 'number', min: 0, max: 99, value: 0, size: 2 });
      q.dataset.product = p.product;
      $('menu').append(el('li', {}, q, ' ' + p.name + ' \u2013 ' + p.price));
    }
    $('place-order').onclick = async () => {
      const items = [...$('menu').querySelectorAll('input')].filter((i) => Number(i.value) > 0)
        .map((i) => ({ product: i.dataset.product, quantity: Number(i.value) }));
      const order = await api('POST', '/api/v1/orders', { items, deliveryAddress: $('address').value });
      if (order) {
        updateOrder(order.orderId, order);
        state.socket.emit('join:order', order.orderId); // as the seed's OrderTrackingScreen
      }
    };
  }

  function adminView() {
    $('toggle-business').onclick = () => api('PATCH', '/api/v1/business/status', { isOpen: $('business').dataset.open !== 'true' });
  }

  function deliveryView() {
    $('go-available').onclick = () => api('PATCH', '/api/v1/delivery/status', { status: 'available' });
    $('go-offline').onclick = () => api('PATCH', '/api/v1/delivery/status', { status: 'offline' });
  }

  // a simulated drive through the demo area (the seed's agent app sends every 10 s from the GPS)
  let step = 0;
  function sendLocation(orderId) {
    step++;
    state.socket.emit('delivery:location', { orderId, latitude: 52.50 + step * 0.004, longitude: 13.35 + step * 0.006,
      speed: 7.5, heading: 45 });
  }

  start();
})();
