// The storefront demo page (seed 004): plain JavaScript over socket.io-client (served from node_modules).
// Writes go through the HTTP routes (on the WebSocket's port); everything shown live comes from
// socket events in the seed's envelope {type, data, timestamp, userId}. Text is set with textContent.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { socket: null, token: null, me: null, roles: [], api: '', product: null, cart: new Map() };

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

  function log(list, text, attrs) {
    const li = el('li', { textContent: new Date().toLocaleTimeString() + ' ' + text });
    Object.assign(li.dataset, attrs || {});
    $(list).prepend(li);
  }

  async function api(method, path, body) {
    const headers = { authorization: 'Bearer ' + state.token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(state.api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json().catch(() => null);
    if (!r.ok) {
      toast((json && json.error && json.error.message) || method + ' ' + path + ' failed: ' + r.status);
      return null;
    }
    return json;
  }

  async function start() {
    const config = await (await fetch('/config.json')).json();
    state.config = config;
    state.api = config.websocketUrl.replace(/^ws/, 'http').replace(/\/$/, '');
    for (const [id, name] of Object.entries(config.users)) $('user').append(el('option', { value: id, textContent: name }));
    $('login-button').onclick = () => login($('user').value);
    const preset = new URLSearchParams(location.search).get('user');
    if (preset) login(preset);
  }

  async function login(userId) {
    const r = await fetch('/demo/token?user=' + encodeURIComponent(userId));
    const body = await r.json();
    if (!r.ok) { toast(body.error); return; }
    state.token = body.token;
    state.me = userId;
    state.roles = JSON.parse(atob(body.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).roles || [];
    $('login').hidden = true;
    $('me').textContent = state.config.users[userId];
    const seller = state.roles.includes('seller');
    $(seller ? 'seller' : 'buyer').hidden = false;
    const socket = io(state.config.websocketUrl, { transports: ['websocket'], auth: { token: body.token } });
    state.socket = socket;
    socket.on('connect', () => {
      $('status').dataset.state = 'connected';
      $('status').textContent = 'connected';
      if (!seller && state.product) view(state.product);
    });
    socket.on('disconnect', () => { $('status').dataset.state = 'offline'; $('status').textContent = 'disconnected'; });
    socket.on('connect_error', (e) => toast('connect_error: ' + e.message + ' ' + JSON.stringify(e.data || {})));
    if (seller) sellerView(socket); else buyerView(socket);
  }

  // ---- buyer: product page with live price and stock, cart, notifications

  function showProduct(p) {
    state.product = p.productId;
    $('product-view').hidden = false;
    $('product-name').textContent = p.name;
    $('product-price').textContent = Number(p.price).toFixed(2);
    $('product-stock').textContent = p.stock;
    $('product-flag').textContent = p.stock === 0 ? 'out of stock' : p.stock < 10 ? 'only a few left' : '';
  }

  async function view(productId) {
    const r = await state.socket.timeout(10000).emitWithAck('product:view', { productId }).catch(() => null);
    if (!r || !r.ok) { toast(r ? r.error.message : 'product:view timed out'); return; }
    showProduct(r.product);
  }

  function renderCart() {
    const ul = $('cart');
    ul.replaceChildren();
    for (const line of state.cart.values()) {
      ul.append(el('li', { textContent: line.name + ' \u00d7 ' + line.quantity + ' @ ' + Number(line.price).toFixed(2) }));
      ul.lastChild.dataset.product = line.productId;
    }
  }

  function buyerView(socket) {
    $('view-form').onsubmit = (e) => { e.preventDefault(); view($('product-id').value.trim()); };
    $('cart-form').onsubmit = async (e) => {
      e.preventDefault();
      await api('PUT', '/cart/items/' + encodeURIComponent(state.product), { quantity: Number($('cart-qty').value) });
    };
    $('order-button').onclick = async () => {
      const items = [...state.cart.values()].map((l) => ({ productId: l.productId, quantity: l.quantity }));
      if (!items.length) { toast('the cart is empty'); return; }
      const order = await api('POST', '/orders', { items });
      if (order) await api('DELETE', '/cart');
    };
    api('GET', '/cart').then((lines) => { (lines || []).forEach((l) => state.cart.set(l.productId, l)); renderCart(); });
    const same = (e) => e.data.productId === state.product;
    socket.on('product:price_changed', (e) => {
      if (same(e)) $('product-price').textContent = Number(e.data.price).toFixed(2);
      const line = state.cart.get(e.data.productId);
      if (line) { line.price = e.data.price; renderCart(); }
    });
    socket.on('product:stock_changed', (e) => {
      if (same(e)) showProduct({ productId: e.data.productId, name: e.data.name, price: $('product-price').textContent, stock: e.data.stock });
    });
    socket.on('product:updated', (e) => { if (same(e)) showProduct(e.data); });
    socket.on('stock:restocked', (e) => log('notifications', e.data.name + ' is back in stock (' + e.data.stock + ')'));
    socket.on('product:deleted', (e) => log('notifications', e.data.name + ' was removed from the store'));
    socket.on('cart:updated', (e) => {
      if (e.data.action === 'removed') state.cart.delete(e.data.productId);
      else state.cart.set(e.data.productId, e.data);
      renderCart();
    });
    socket.on('order:updated', (e) => log('notifications', 'order ' + e.data.orderId + ': ' + e.data.action, { order: e.data.orderId }));
    for (const c of ['order', 'payment', 'shipping', 'wholesale', 'quotation', 'system']) {
      socket.on('notification:' + c, (e) => log('notifications', '[' + c + '] ' + e.data.title + ': ' + e.data.message));
    }
    socket.on('quotation:sent', (e) => log('notifications', 'quotation ' + e.data.quotationId + ' received: ' + e.data.total));
  }

  // ---- seller: orders, stock alerts, quotations, live metrics

  function sellerView(socket) {
    $('price-form').onsubmit = (e) => {
      e.preventDefault();
      api('PUT', '/products/' + encodeURIComponent($('edit-id').value.trim()) + '/price', { price: Number($('edit-price').value) });
    };
    $('stock-form').onsubmit = (e) => {
      e.preventDefault();
      api('PUT', '/products/' + encodeURIComponent($('edit-id').value.trim()) + '/stock', { stock: Number($('edit-stock').value) });
    };
    const metrics = (m) => {
      $('m-revenue').textContent = Number(m.revenue).toFixed(2);
      $('m-sales').textContent = m.sales;
      $('m-orders').textContent = m.orders;
      $('m-views').textContent = m.views;
    };
    api('GET', '/analytics/metrics').then((m) => m && metrics(m));
    socket.on('order:updated', (e) => log('orders', 'order ' + e.data.orderId + ' ' + e.data.action + ' by ' + e.userId
      + ': ' + e.data.items.map((i) => i.name + ' \u00d7 ' + i.quantity).join(', ') + ' = ' + e.data.total, { order: e.data.orderId }));
    for (const ev of ['stock:low', 'stock:out', 'product:low_stock']) {
      socket.on(ev, (e) => log('alerts', ev + ': ' + e.data.name + ' has ' + e.data.stock + ' left', { product: e.data.productId }));
    }
    for (const ev of ['quotation:created', 'quotation:updated', 'quotation:viewed', 'quotation:accepted', 'quotation:rejected',
      'quotation:expired', 'wholesale:invitation_sent', 'wholesale:invitation_accepted', 'wholesale:invitation_rejected',
      'wholesale:order_placed', 'wholesale:order_updated', 'wholesale:deposit_paid', 'wholesale:balance_paid']) {
      socket.on(ev, (e) => log('quotations', ev + ' ' + (e.data.quotationId || e.data.id) + (e.userId ? ' by ' + e.userId : '')));
    }
    socket.on('analytics:metrics_updated', (e) => metrics(e.data));
    for (const ev of ['analytics:product_viewed', 'analytics:sale_completed', 'analytics:revenue_updated', 'analytics:inventory_alert']) {
      socket.on(ev, (e) => log('activity', ev.slice(10) + ' ' + JSON.stringify(e.data)));
    }
    socket.on('product:created', (e) => log('activity', 'product created: ' + e.data.name));
    for (const c of ['order', 'payment', 'wholesale', 'quotation', 'system']) {
      socket.on('notification:' + c, (e) => log('activity', '[' + c + '] ' + e.data.title + ': ' + e.data.message));
    }
  }

  start();
})();
