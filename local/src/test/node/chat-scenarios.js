// The chat example (examples/chat) driven by the real socket.io-client from npm against the local
// stack started with --app chat. Usage: node chat-scenarios.js <ws-url> <page-url> <scenario>.
// CHAT_SECRET (env) is the stack's AUTH_JWT_SECRET: tokens are minted here with Node's own HMAC,
// an implementation independent of the server's. Every scenario uses its own users and channels,
// seeded by ChatIT: channel <scenario> (public; <scenario>-a admin, -b, -c members),
// <scenario>-private (private; -a admin, -b), user <scenario>-d is a member of nothing.
// Exits 0 when every assertion held and prints one JSON line of facts; 1 with the failure otherwise.
"use strict";
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, pageUrl, scenario] = process.argv.slice(2);
const SECRET = process.env.CHAT_SECRET;
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const sockets = [];
const ch = scenario; // the scenario's public channel
const priv = scenario + "-private";
const A = scenario + "-a", B = scenario + "-b", C = scenario + "-c", D = scenario + "-d";

function b64url(data) {
  return Buffer.from(data).toString("base64url");
}

function token(sub, claims = {}, { secret = SECRET, header = { alg: "HS256", typ: "JWT" } } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, name: sub.toUpperCase(), aud: "socketio-chat", iat: now, exp: now + 3600, ...claims };
  const input = b64url(JSON.stringify(header)) + "." + b64url(JSON.stringify(payload));
  return input + "." + crypto.createHmac("sha256", secret).update(input).digest("base64url");
}

// a client that records every event it gets, in order
function client(auth) {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
  s.events = [];
  s.onAny((event, ...args) => s.events.push({ event, args, seen: false }));
  sockets.push(s);
  return s;
}

// connects as a user; resolves with [socket, payload of the "connected" event]
async function login(user, claims) {
  const s = client({ token: token(user, claims) });
  const info = await next(s, "connected");
  assert.ok(s.connected, user + " should be connected");
  return [s, info];
}

function refused(auth) {
  const s = client(auth);
  return new Promise((resolve, reject) => {
    s.once("connect", () => reject(new Error("connected with " + JSON.stringify(auth))));
    s.once("connect_error", (err) => resolve(err));
  });
}

// the first event of that name (and matching predicate) not consumed yet, waiting for it if needed
async function next(s, event, predicate = () => true) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const hit = s.events.find((e) => !e.seen && e.event === event && predicate(e.args[0]));
    if (hit) {
      hit.seen = true;
      return hit.args[0];
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for " + event + " on " + s.id);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// events of that name received so far
function received(s, event) {
  return s.events.filter((e) => e.event === event).map((e) => e.args[0]);
}

// waits until the condition holds, failing after TIMEOUT_MS
async function waitFor(condition, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function call(s, event, payload) {
  return s.timeout(10000).emitWithAck(event, payload);
}

async function ok(s, event, payload) {
  const r = await call(s, event, payload);
  assert.equal(r.ok, true, event + " " + JSON.stringify(payload) + " answered " + JSON.stringify(r));
  return r;
}

async function fails(s, event, payload, code) {
  const r = await call(s, event, payload);
  assert.equal(r.ok, false, event + " " + JSON.stringify(payload) + " should fail with " + code);
  assert.equal(r.error.code, code, event + ": " + JSON.stringify(r.error));
  assert.equal(typeof r.error.message, "string");
  assert.ok(r.error.message.length > 0);
  return r.error;
}

const scenarios = {
  // JWT at CONNECT: every kind of bad token is refused with a connect_error, a good one connects
  async auth() {
    const cases = {
      none: {},
      notAString: { token: 42 },
      garbage: { token: "not-a-jwt" },
      badSignature: { token: token(A, {}, { secret: "another-secret-another-secret-000" }) },
      expired: { token: token(A, { exp: Math.floor(Date.now() / 1000) - 3600 }) },
      notYetValid: { token: token(A, { nbf: Math.floor(Date.now() / 1000) + 3600 }) },
      wrongAudience: { token: token(A, { aud: "someone-else" }) },
      noExpiry: { token: token(A, { exp: undefined }) },
      noSubject: { token: token("", {}) },
      algNone: { token: token(A, {}, { header: { alg: "none", typ: "JWT" } }).replace(/\.[^.]+$/, ".") },
      algHs512: { token: token(A, {}, { header: { alg: "HS512", typ: "JWT" } }) },
    };
    const reasons = {};
    for (const [name, auth] of Object.entries(cases)) {
      const err = await refused(auth);
      assert.equal(err.message, "unauthorized", name);
      assert.equal(err.data.code, "UNAUTHORIZED", name);
      reasons[name] = err.data.message;
    }
    assert.equal(reasons.expired, "token expired");
    assert.equal(reasons.badSignature, "bad signature");
    assert.equal(reasons.wrongAudience, "wrong audience");
    assert.equal(reasons.notYetValid, "token not valid yet");
    // the demo page's token endpoint mints tokens the server accepts
    const minted = await (await fetch(pageUrl + "demo/token?user=alice")).json();
    const s = client({ token: minted.token });
    const info = await next(s, "connected");
    assert.equal(info.userId, "alice");
    assert.equal(info.name, "Alice");
    assert.ok(info.channels.some((c) => c.id === "general"), JSON.stringify(info.channels));
    // an RS256 demo token: the server fetches the local stack's JWKS over HTTP to check it
    const rs = await (await fetch(pageUrl + "demo/token?user=bob&alg=RS256")).json();
    assert.equal(JSON.parse(Buffer.from(rs.token.split(".")[0], "base64url")).alg, "RS256");
    assert.equal((await next(client({ token: rs.token }), "connected")).userId, "bob");
    const unknown = await fetch(pageUrl + "demo/token?user=mallory");
    assert.equal(unknown.status, 400);
    // a valid token: connected event with the user's channels, unread counts and who is online
    const [a, me] = await login(A);
    assert.equal(me.userId, A);
    assert.deepEqual(me.channels.map((c) => c.id).sort(), [ch, priv].sort());
    assert.ok(me.online.includes(A));
    assert.equal(me.channels.find((c) => c.id === ch).role, "admin");
    // a token that expires while connected (the IT runs with AUTH_CLOCK_SKEW=0s): the next event is
    // answered "token expired" and the server disconnects the socket
    const exp = Math.floor(Date.now() / 1000) + 3;
    const [short] = await login(C, { exp });
    await new Promise((r) => setTimeout(r, Math.max(0, (exp + 1) * 1000 + 200 - Date.now())));
    const gone = new Promise((resolve) => short.once("disconnect", resolve));
    const late = await call(short, "fetch_messages", { channelId: ch });
    assert.equal(late.error.message, "token expired");
    assert.equal(late.error.data.code, "TOKEN_EXPIRED");
    assert.equal(await gone, "io server disconnect");
    return { refused: Object.keys(cases).length, reasons };
  },

  async messages() {
    const [a] = await login(A);
    const [b] = await login(B);
    const [d] = await login(D);
    const sent = await ok(a, "send_message", { channelId: ch, content: "  hello team  ", clientId: "c-1" });
    const m = sent.message;
    assert.equal(m.content, "hello team");
    assert.equal(m.authorId, A);
    assert.equal(m.clientId, "c-1");
    assert.equal(m.deleted, false);
    assert.deepEqual(await next(b, "new_message", (x) => x.id === m.id), m);
    const second = (await ok(a, "send_message", { channelId: ch, content: "second" })).message;
    assert.ok(second.id > m.id, "ids increase per channel");
    // a retry with the same clientId (a lost ack) stores nothing and broadcasts nothing: the same message
    const retried = (await ok(a, "send_message", { channelId: ch, content: "  hello team  ", clientId: "c-1" })).message;
    assert.deepEqual(retried, m);
    const third = (await ok(a, "send_message", { channelId: ch, content: "third" })).message;
    await next(b, "new_message", (x) => x.id === third.id);
    assert.equal(received(b, "new_message").filter((x) => x.id === m.id).length, 1, "the retry was broadcast again");
    assert.equal(third.id, second.id + 1, "the retry used no message id");
    // only members send; unknown channels are not found
    await fails(d, "send_message", { channelId: ch, content: "let me in" }, "FORBIDDEN");
    await fails(a, "send_message", { channelId: "no-such-channel", content: "x" }, "NOT_FOUND");
    // validation
    await fails(a, "send_message", { channelId: ch, content: "   " }, "VALIDATION");
    await fails(a, "send_message", { channelId: ch, content: "x".repeat(4001) }, "VALIDATION");
    await fails(a, "send_message", { channelId: ch, content: "bell\u0007" }, "VALIDATION");
    await fails(a, "send_message", { channelId: ch, content: 42 }, "VALIDATION");
    await fails(a, "send_message", { channelId: "Bad Channel!", content: "x" }, "VALIDATION");
    await fails(a, "send_message", { content: "x" }, "VALIDATION");
    await fails(a, "send_message", "just a string", "VALIDATION");
    await fails(a, "edit_message", { channelId: ch, messageId: -1, content: "x" }, "VALIDATION");
    await fails(a, "edit_message", { channelId: ch, messageId: 1.5, content: "x" }, "VALIDATION");
    await fails(a, "edit_message", { channelId: ch, messageId: "1", content: "x" }, "VALIDATION");
    const longest = await ok(a, "send_message", { channelId: ch, content: "y".repeat(4000) });
    assert.equal(longest.message.content.length, 4000);
    // edit: only the author
    await fails(b, "edit_message", { channelId: ch, messageId: m.id, content: "hijacked" }, "FORBIDDEN");
    const edited = await ok(a, "edit_message", { channelId: ch, messageId: m.id, content: "hello team (edited)" });
    assert.equal(edited.message.content, "hello team (edited)");
    const e = await next(b, "message_edited", (x) => x.messageId === m.id);
    assert.equal(e.content, "hello team (edited)");
    assert.equal(e.channelId, ch);
    assert.ok(e.editedAt);
    await fails(a, "edit_message", { channelId: ch, messageId: 999999, content: "x" }, "NOT_FOUND");
    // delete: the author, or a channel admin (A is admin of ch), not another member
    const bobs = (await ok(b, "send_message", { channelId: ch, content: "from bob" })).message;
    await fails(b, "delete_message", { channelId: ch, messageId: m.id }, "FORBIDDEN");
    await ok(a, "delete_message", { channelId: ch, messageId: bobs.id });
    const del = await next(b, "message_deleted", (x) => x.messageId === bobs.id);
    assert.equal(del.deletedBy, A);
    await fails(a, "delete_message", { channelId: ch, messageId: bobs.id }, "NOT_FOUND");
    await fails(b, "edit_message", { channelId: ch, messageId: bobs.id, content: "undo" }, "NOT_FOUND");
    await ok(b, "delete_message", { channelId: ch, messageId: (await ok(b, "send_message", { channelId: ch, content: "mine" })).message.id });
    // the deleted message stays in the history, without its text
    const hist = await ok(a, "fetch_messages", { channelId: ch, limit: 100 });
    const gone = hist.messages.find((x) => x.id === bobs.id);
    assert.equal(gone.deleted, true);
    assert.equal(gone.content, "");
    // private channel: members only; a non-member never sees its messages
    await ok(b, "send_message", { channelId: priv, content: "secret" });
    // a private channel's non-member gets the answer of a channel that does not exist: its id does not leak
    const hidden = await fails(d, "send_message", { channelId: priv, content: "x" }, "NOT_FOUND");
    assert.equal(hidden.message, "no channel " + priv);
    // no ack: the error comes as an "error" event
    d.emit("send_message", { channelId: ch, content: "no ack" });
    const err = await next(d, "error");
    assert.deepEqual(Object.keys(err).sort(), ["code", "event", "message"]);
    assert.equal(err.code, "FORBIDDEN");
    assert.equal(err.event, "send_message");
    assert.equal(received(d, "new_message").length, 0, "d is in no channel and must get no messages");
    return { messageId: m.id, edited: true };
  },

  async receipts() {
    const [a] = await login(A);
    const [b] = await login(B);
    const m1 = (await ok(a, "send_message", { channelId: ch, content: "one" })).message;
    const m2 = (await ok(a, "send_message", { channelId: ch, content: "two" })).message;
    // B reconnects and sees 2 unread in the connected event
    b.disconnect();
    const [b2, info] = await login(B);
    assert.equal(info.channels.find((c) => c.id === ch).unread, 2);
    const delivered = await ok(b2, "mark_as_delivered", { channelId: ch, messageId: m2.id });
    assert.equal(delivered.lastDeliveredId, m2.id);
    const dv = await next(a, "messages_delivered", (x) => x.userId === B);
    assert.deepEqual(dv, { channelId: ch, userId: B, lastDeliveredId: m2.id });
    const read1 = await ok(b2, "mark_as_read", { channelId: ch, messageId: m1.id });
    assert.equal(read1.lastReadId, m1.id);
    assert.equal(read1.unread, 1);
    assert.deepEqual(await next(a, "messages_read", (x) => x.userId === B), { channelId: ch, userId: B, lastReadId: m1.id });
    const read2 = await ok(b2, "mark_as_read", { channelId: ch, messageId: m2.id });
    assert.equal(read2.unread, 0);
    assert.equal((await next(a, "messages_read", (x) => x.userId === B)).lastReadId, m2.id);
    // the mark never goes back
    const back = await ok(b2, "mark_as_read", { channelId: ch, messageId: m1.id });
    assert.equal(back.lastReadId, m2.id);
    // the join answer carries everybody's read marks (for "read by" in the UI)
    const joined = await ok(a, "join_channel", { channelId: ch });
    assert.equal(joined.members.find((x) => x.userId === B).lastReadId, m2.id);
    assert.equal(joined.members.find((x) => x.userId === B).lastDeliveredId, m2.id);
    await fails(b2, "mark_as_read", { channelId: ch, messageId: 999999 }, "NOT_FOUND");
    const [d] = await login(D);
    await fails(d, "mark_as_read", { channelId: ch, messageId: m1.id }, "FORBIDDEN");
    await fails(d, "mark_as_delivered", { channelId: ch, messageId: m1.id }, "FORBIDDEN");
    await fails(b2, "mark_as_read", { channelId: ch }, "VALIDATION");
    return { unreadOnConnect: 2 };
  },

  async reactions() {
    const [a] = await login(A);
    const [b] = await login(B);
    const [c] = await login(C);
    const m = (await ok(a, "send_message", { channelId: ch, content: "react to me" })).message;
    const r1 = await ok(b, "add_reaction", { channelId: ch, messageId: m.id, reaction: "like" });
    assert.deepEqual(r1.reactions, { like: [B] });
    assert.deepEqual(await next(a, "reaction_added", (x) => x.userId === B),
      { channelId: ch, messageId: m.id, reaction: "like", userId: B, reactions: { like: [B] } });
    await ok(c, "add_reaction", { channelId: ch, messageId: m.id, reaction: "like" });
    await ok(c, "add_reaction", { channelId: ch, messageId: m.id, reaction: "laugh" });
    const again = await ok(c, "add_reaction", { channelId: ch, messageId: m.id, reaction: "laugh" });
    assert.deepEqual(again.reactions, { like: [B, C].sort(), laugh: [C] }, "adding twice counts once");
    await ok(b, "remove_reaction", { channelId: ch, messageId: m.id, reaction: "like" });
    const removed = await next(a, "reaction_removed", (x) => x.userId === B);
    assert.deepEqual(removed.reactions, { like: [C], laugh: [C] });
    await fails(b, "add_reaction", { channelId: ch, messageId: m.id, reaction: "poop" }, "VALIDATION");
    await fails(b, "add_reaction", { channelId: ch, messageId: m.id }, "VALIDATION");
    await fails(b, "add_reaction", { channelId: ch, messageId: 999999, reaction: "like" }, "NOT_FOUND");
    const [d] = await login(D);
    await fails(d, "add_reaction", { channelId: ch, messageId: m.id, reaction: "like" }, "FORBIDDEN");
    await fails(d, "remove_reaction", { channelId: ch, messageId: m.id, reaction: "like" }, "FORBIDDEN");
    const hist = await ok(a, "fetch_messages", { channelId: ch });
    assert.deepEqual(hist.messages.find((x) => x.id === m.id).reactions, { like: [C], laugh: [C] });
    return { reactions: 4 };
  },

  async channels() {
    const [a] = await login(A);
    const [d] = await login(D);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await ok(a, "send_message", { channelId: ch, content: "history " + i })).message.id);
    // D is no member: cannot read history, cannot join the private channel, unknown channel is not found
    await fails(d, "fetch_messages", { channelId: ch }, "FORBIDDEN");
    const secret = await fails(d, "join_channel", { channelId: priv }, "NOT_FOUND");
    const missing = await fails(d, "join_channel", { channelId: "no-such-channel" }, "NOT_FOUND");
    assert.equal(secret.message.replace(priv, "ID"), missing.message.replace("no-such-channel", "ID"));
    await fails(d, "leave_channel", { channelId: priv }, "NOT_FOUND");
    await fails(d, "join_channel", { channelId: ch, limit: 0 }, "VALIDATION");
    await fails(d, "join_channel", { channelId: ch, limit: 101 }, "VALIDATION");
    // joining a public channel makes D a member, with history and members
    const joined = await ok(d, "join_channel", { channelId: ch, limit: 2 });
    assert.deepEqual(joined.messages.map((x) => x.id), ids.slice(3));
    assert.equal(joined.nextCursor, ids[3]);
    assert.ok(joined.members.some((x) => x.userId === D && x.online));
    assert.equal(joined.role, "member");
    const uj = await next(a, "user_joined", (x) => x.userId === D);
    assert.deepEqual(uj, { channelId: ch, userId: D, name: D.toUpperCase() });
    // cursor pagination: older pages, no overlap, oldest first within a page
    const page2 = await ok(d, "fetch_messages", { channelId: ch, before: joined.nextCursor, limit: 2 });
    assert.deepEqual(page2.messages.map((x) => x.id), ids.slice(1, 3));
    const page3 = await ok(d, "fetch_messages", { channelId: ch, before: page2.nextCursor, limit: 100 });
    assert.deepEqual(page3.messages.map((x) => x.id), [ids[0]]);
    assert.equal(page3.nextCursor, 0);
    // now D gets the channel's messages
    const live = (await ok(a, "send_message", { channelId: ch, content: "welcome D" })).message;
    assert.equal((await next(d, "new_message", (x) => x.id === live.id)).content, "welcome D");
    // join twice: no second user_joined
    await ok(d, "join_channel", { channelId: ch });
    // leave: A sees user_left, D can no longer send or read, and gets nothing more from the channel
    await ok(d, "leave_channel", { channelId: ch });
    assert.deepEqual(await next(a, "user_left", (x) => x.userId === D), { channelId: ch, userId: D, name: D.toUpperCase() });
    await fails(d, "send_message", { channelId: ch, content: "still here?" }, "FORBIDDEN");
    await fails(d, "fetch_messages", { channelId: ch }, "FORBIDDEN");
    await fails(d, "leave_channel", { channelId: ch }, "FORBIDDEN");
    await fails(d, "leave_channel", { channelId: "no-such-channel" }, "NOT_FOUND");
    const after = (await ok(a, "send_message", { channelId: ch, content: "after D left" })).message;
    // A's send is acked after its broadcast was posted: D would have it by now if it were still in the room
    await ok(a, "fetch_messages", { channelId: ch, limit: 1 });
    assert.equal(received(d, "new_message").filter((x) => x.id === after.id).length, 0);
    assert.equal(received(a, "user_joined").filter((x) => x.userId === D).length, 1);
    // A (member of the private channel) may join it
    await ok(a, "join_channel", { channelId: priv });
    return { pages: 3 };
  },

  async typing() {
    const [a] = await login(A);
    const [a2] = await login(A); // a second tab of A
    const [b] = await login(B);
    const [d] = await login(D);
    await ok(a, "typing_start", { channelId: ch });
    assert.deepEqual(await next(b, "user_typing"), { channelId: ch, userId: A, name: A.toUpperCase() });
    await ok(a, "typing_stop", { channelId: ch });
    assert.deepEqual(await next(b, "user_stopped_typing"), { channelId: ch, userId: A, name: A.toUpperCase() });
    // the broadcasts were posted before the acks: the typist's own connections got nothing
    assert.equal(received(a, "user_typing").length + received(a2, "user_typing").length, 0);
    assert.equal(received(a, "user_stopped_typing").length + received(a2, "user_stopped_typing").length, 0);
    await fails(d, "typing_start", { channelId: ch }, "FORBIDDEN");
    await fails(a, "typing_start", {}, "VALIDATION");
    return { typing: true };
  },

  async presence() {
    const [a] = await login(A);
    const [b1, infoB] = await login(B);
    assert.ok(infoB.online.includes(A), "B sees A online: " + JSON.stringify(infoB.online));
    assert.deepEqual(await next(a, "user_online", (x) => x.userId === B), { userId: B, name: B.toUpperCase() });
    const [b2] = await login(B); // second connection: B was online already
    b1.disconnect();
    // B goes offline only when the last connection ends
    b2.disconnect();
    assert.deepEqual(await next(a, "user_offline", (x) => x.userId === B), { userId: B, name: B.toUpperCase() });
    assert.equal(received(a, "user_online").filter((x) => x.userId === B).length, 1, "one online per user, not per connection");
    assert.equal(received(a, "user_offline").filter((x) => x.userId === B).length, 1);
    // explicit user_offline / user_online while connected ("appear offline")
    const [b3] = await login(B);
    await next(a, "user_online", (x) => x.userId === B);
    const hidden = await ok(b3, "user_offline", {});
    assert.equal(hidden.online, false);
    await next(a, "user_offline", (x) => x.userId === B);
    const [, seen] = await login(C);
    assert.ok(!seen.online.includes(B), "hidden users are not listed online");
    await ok(b3, "user_online");
    await next(a, "user_online", (x) => x.userId === B);
    // D shares no channel with A: A hears nothing of D
    const [d] = await login(D);
    d.disconnect();
    await ok(a, "user_online", {}); // a round trip after D came and went
    assert.equal(received(a, "user_online").filter((x) => x.userId === D).length, 0);
    return { presence: true };
  },

  // run on a stack with CHAT_SEND_RATE=5/24h and CHAT_TYPING_RATE=5/24h
  async ratelimit() {
    const [a] = await login(A);
    for (let i = 0; i < 5; i++) await ok(a, "send_message", { channelId: ch, content: "burst " + i });
    const limited = await fails(a, "send_message", { channelId: ch, content: "one too many" }, "RATE_LIMITED");
    assert.match(limited.message, /at most 5/);
    assert.ok(limited.retryAfterMs > 0 && limited.retryAfterMs <= 86400000, "retryAfterMs: " + limited.retryAfterMs);
    for (let i = 0; i < 5; i++) await ok(a, "typing_start", { channelId: ch });
    await fails(a, "typing_stop", { channelId: ch }, "RATE_LIMITED");
    // the limit is per user: another connection of the same user is refused too, another user is not
    const [a2] = await login(A);
    await fails(a2, "send_message", { channelId: ch, content: "from the other tab" }, "RATE_LIMITED");
    const [b] = await login(B);
    await ok(b, "send_message", { channelId: ch, content: "b is not limited by a" });
    const hist = await ok(a2, "fetch_messages", { channelId: ch, limit: 100 });
    assert.ok(!hist.messages.some((x) => x.content === "one too many" || x.content === "from the other tab"),
      "a limited message is not stored");
    return { limitedAfter: 5 };
  },

  // Many connections of one user sending in parallel: the per-user limit holds across connections
  // (and the parallel $default invocations of the local gateway). RATE_SEND / RATE_WRITE are the
  // stack's CHAT_SEND_RATE / CHAT_WRITE_RATE counts, RATE_WINDOW_MS their window: a burst that
  // straddles a window edge may pass the count once per window it touched.
  async "ratelimit-parallel"() {
    const sendMax = Number(process.env.RATE_SEND), writeMax = Number(process.env.RATE_WRITE);
    const windowMs = Number(process.env.RATE_WINDOW_MS);
    const conns = await Promise.all([0, 1, 2, 3, 4].map(() => login(A).then(([s]) => s)));
    const [watcher] = await login(B);
    const started = Date.now();
    const sends = await Promise.all(conns.flatMap((s, c) => Array.from({ length: 12 }, (_, i) =>
      call(s, "send_message", { channelId: ch, content: "parallel " + c + "-" + i }))));
    const windows = Math.floor(Date.now() / windowMs) - Math.floor(started / windowMs) + 1;
    const sent = sends.filter((r) => r.ok);
    const refused = sends.filter((r) => !r.ok);
    assert.ok(refused.every((r) => r.error.code === "RATE_LIMITED"), JSON.stringify(refused.find((r) =>
      r.error.code !== "RATE_LIMITED")));
    assert.ok(sent.length >= 1 && sent.length <= sendMax * windows, sent.length + " of 60 sent, limit " + sendMax);
    // what was accepted is exactly what was stored and broadcast
    const hist = await ok(watcher, "fetch_messages", { channelId: ch, limit: 100 });
    const stored = hist.messages.filter((m) => m.content.startsWith("parallel "));
    assert.equal(stored.length, sent.length);
    await waitFor(() => received(watcher, "new_message").filter((m) => m.content.startsWith("parallel ")).length
      === sent.length, "the accepted messages' broadcasts");

    // add_reaction (the seed's 400 accepted reactions) is limited per user as well
    const messageId = sent[0].message.id;
    const reactions = ["like", "love", "laugh", "wow", "sad", "angry"];
    const reacts = await Promise.all(conns.flatMap((s, c) => Array.from({ length: 10 }, (_, i) =>
      call(s, i % 2 ? "remove_reaction" : "add_reaction", { channelId: ch, messageId, reaction: reactions[c] }))));
    const reactWindows = Math.floor(Date.now() / windowMs) - Math.floor(started / windowMs) + 1;
    const reacted = reacts.filter((r) => r.ok).length;
    assert.ok(reacts.filter((r) => !r.ok).every((r) => r.error.code === "RATE_LIMITED"));
    assert.ok(reacted >= 1 && reacted <= writeMax * reactWindows, reacted + " of 50 reactions, limit " + writeMax);
    return { connections: conns.length, sendsAccepted: sent.length, sendsRefused: refused.length,
      reactionsAccepted: reacted, windows: reactWindows };
  },
};

(async () => {
  const fn = scenarios[scenario];
  if (!fn) throw new Error("unknown scenario " + scenario);
  let timer;
  const result = await Promise.race([
    fn(),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("scenario timed out")), TIMEOUT_MS * 4); }),
  ]);
  clearTimeout(timer);
  console.log(JSON.stringify({ scenario, ...result }));
})().then(() => {
  sockets.forEach((s) => s.disconnect());
  process.exit(0);
}, (e) => {
  console.error(e && e.stack || String(e));
  sockets.forEach((s) => s.disconnect());
  process.exit(1);
});
