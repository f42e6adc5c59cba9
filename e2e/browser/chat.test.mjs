// Browser check of Parley's XMPP over WebSocket (RFC 7395) with a real client library in a real
// browser: @xmpp/client's browser build (the library the ConnectyCube JS SDK uses) runs in Debian's
// Chromium, driven by playwright-core. Two users, each in their own page, connect to
// ws://127.0.0.1:<port>/xmpp; A authenticates with SASL PLAIN and a REST session token (as the SDK
// does), B with its password; both bind and send initial presence; A sends B the `call` headline of
// docs/protocol.md §3.2 and the test checks what B's page received, field by field.
//
// Needs the built server (server/target/parley-server.jar) and /usr/bin/chromium.
// Run: node --test e2e/browser/   (or scripts/test-browser.sh, which installs the npm packages first)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cleanups, rest, startParley, STEP_MS, within } from './lib/parley.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const DOMAIN = 'parley.local';

let failed = true;        // until the test's last line
after(async () => {
  for (const cleanup of cleanups.reverse()) {
    try { await cleanup(); } catch (err) { console.error('cleanup:', err); }
  }
});

// Serves the test page and @xmpp/client's browser build from 127.0.0.1, so that the page has a
// real http origin (its WebSocket carries an Origin header, as an app's does).
async function startStaticServer() {
  const files = {
    '/': ['text/html; charset=utf-8', path.join(HERE, 'page.html')],
    '/xmpp.min.js': ['text/javascript; charset=utf-8',
      path.join(HERE, 'node_modules/@xmpp/client/dist/xmpp.min.js')],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': file[0] }).end(readFileSync(file[1]));
  });
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  cleanups.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return `http://127.0.0.1:${server.address().port}/`;
}

// Creates a user and a user session for it; returns {id, login, password, token}.
async function createUser(parley, appToken, login) {
  const password = `pw-${login}-${Math.random().toString(36).slice(2)}`;
  const { user } = await rest(parley.base, 'POST', '/users', {
    token: appToken, body: { user: { login, password } },
  });
  const { session } = await rest(parley.base, 'POST', '/session', {
    body: {
      application_id: parley.app.application_id, auth_key: parley.app.auth_key,
      user: { login, password },
    },
  });
  assert.equal(session.user_id, user.id);
  return { id: user.id, login, password, token: session.token };
}

// Opens a page of the static server with the library loaded, recording its WebSocket frames.
async function openPage(context, url) {
  const page = await context.newPage();
  const frames = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push({ dir: 'sent', payload: String(f.payload) }));
    ws.on('framereceived', (f) => frames.push({ dir: 'received', payload: String(f.payload) }));
  });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url, { timeout: STEP_MS });
  await page.waitForFunction(() => window.XMPP && typeof window.connect === 'function',
    null, { timeout: STEP_MS });
  return { page, frames, errors };
}

// Connects the page's client; resolves with {jid, mechanism}. On failure the after() hook prints
// the client's events, its frames and the server's output.
function connect(tab, parley, user, password, what) {
  return within(STEP_MS, tab.page.evaluate((args) => window.connect(args), {
    service: parley.ws, domain: DOMAIN, username: `${user.id}-${parley.app.application_id}`, password,
  }), what);
}

// The text of a tree: its string children joined.
const textOf = (t) => t.children.filter((c) => typeof c === 'string').join('');
const child = (t, name) => t.children.find((c) => typeof c !== 'string' && c.name === name);

test('@xmpp/client in Chromium: PLAIN with a session token, bind, call headline to another user',
  { timeout: 60_000 }, async (t) => {
    const started = Date.now();
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
    const [parley, pageUrl] = await Promise.all([startParley(), startStaticServer()]);

    const { session: appSession } = await rest(parley.base, 'POST', '/session', {
      body: { application_id: parley.app.application_id, auth_key: parley.app.auth_key },
    });
    const alice = await createUser(parley, appSession.token, 'alice');
    const bob = await createUser(parley, appSession.token, 'bob');

    const profile = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
    cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
    const context = await within(STEP_MS, chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: STEP_MS,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }), 'Chromium start');
    cleanups.push(() => within(STEP_MS, context.close(), 'Chromium close'));
    const pageA = await openPage(context, pageUrl);
    const pageB = await openPage(context, pageUrl);
    cleanups.push(() => within(5_000, Promise.all([pageA, pageB].map((p) =>
      p.page.evaluate(() => window.disconnect()).catch(() => {}))), 'disconnect'));
    // On failure (or with PARLEY_BROWSER_DEBUG set), print both clients' event logs and frames
    // and the server's output before everything is stopped.
    cleanups.push(async () => {
      if (!failed && !process.env.PARLEY_BROWSER_DEBUG) return;
      for (const [who, tab] of [['A', pageA], ['B', pageB]]) {
        const log = await within(2_000, tab.page.evaluate(() => window.log()), 'log').catch((e) => [String(e)]);
        console.error(`${who} client events: ${log.join(' | ')}`);
        for (const err of tab.errors) console.error(`${who} page error: ${err}`);
        for (const f of tab.frames) console.error(`${who} ${f.dir}: ${JSON.stringify(f.payload)}`);
      }
      console.error(`server output:\n${parley.log()}`);
    });

    // A logs in with its REST session token as the SASL PLAIN password, B with its password.
    const a = await connect(pageA, parley, alice, alice.token, 'A connects with a session token');
    const b = await connect(pageB, parley, bob, bob.password, 'B connects with its password');
    const app = parley.app.application_id;
    assert.equal(a.mechanism, 'PLAIN');
    assert.equal(b.mechanism, 'PLAIN');
    assert.match(a.jid, new RegExp(`^${alice.id}-${app}@${DOMAIN.replace('.', '\\.')}/.+$`));
    assert.match(b.jid, new RegExp(`^${bob.id}-${app}@${DOMAIN.replace('.', '\\.')}/.+$`));
    t.diagnostic(`A bound ${a.jid}, B bound ${b.jid}`);

    // Both are online once their initial presence has been handled: poll briefly for that.
    let online = [];
    for (const deadline = Date.now() + 5_000; ;) {
      const answer = await rest(parley.base, 'GET', '/users/online', { token: alice.token });
      online = answer.users.map((u) => (u.user ?? u).id);
      if ((online.includes(alice.id) && online.includes(bob.id)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(online.includes(alice.id) && online.includes(bob.id),
      `GET /users/online lists ${JSON.stringify(online)}, not both ${alice.id} and ${bob.id}`);

    // A real offer from A's Chromium: its lines end in CR LF (RFC 8866).
    const offer = await within(STEP_MS, pageA.page.evaluate(() => window.makeOffer()), 'createOffer');
    assert.match(offer, /^v=0\r\n/);
    assert.ok(offer.endsWith('\r\n') && !/[^\r]\n/.test(offer), 'every line of the offer ends in CR LF');

    // Message 1: the signal as the ConnectyCube SDK writes it, the sdp as a plain text child.
    const first = await signal(t, pageA, pageB, { alice, bob, app, sdp: offer });
    // Server-stamped: `from` is A's full JID as bound (A sent no `from`).
    assert.equal(first.got.attrs.from, a.jid);
    // CR LF: @xmpp/client (ltx) escapes only & < > in text, so A's frame carries the CR LF raw.
    // XML 1.0 §2.11 has every XML processor hand the application LF for a raw CR LF (and for a lone
    // CR), so Parley's parser reads LF and relays LF: B's frame has neither CR nor &#13; and B's
    // sdp has LF line ends. That is conformant XML, not a loss in Parley: the CR never was part of
    // the parsed stanza. (A client that writes CR as &#13; keeps it: message 2.)
    assert.ok(first.sentSdp.includes('\r\n') && !first.sentSdp.includes('&#13;'),
      "A's frame carries raw CR LF");
    assert.ok(!first.receivedSdp.includes('\r') && !first.receivedSdp.includes('&#13;'),
      "B's frame carries LF only");
    assert.deepEqual(first.params, expected(first.sentTree, offer.replaceAll('\r\n', '\n')));
    // The LF-only offer is still usable: B's Chromium accepts it and answers.
    assert.equal(await within(STEP_MS, pageB.page.evaluate((sdp) => window.acceptOffer(sdp),
      textOf(child(first.params, 'sdp'))), 'setRemoteDescription'), 'v=0');

    // Message 2: the same signal with each CR written as the character reference &#13; (as in
    // docs/protocol.md §3.2). Parley decodes it to CR, writes CR back out as &#13;, ltx decodes it: B
    // gets the CR LF line ends exactly.
    const second = await signal(t, pageA, pageB, {
      alice, bob, app, sdp: { raw: offer.replaceAll('\r', '&#13;') },
    });
    assert.equal(second.got.attrs.from, a.jid);
    assert.ok(second.sentSdp.includes('&#13;\n') && !second.sentSdp.includes('\r'));
    assert.ok(second.receivedSdp.includes('&#13;\n') && !second.receivedSdp.includes('\r'),
      "B's frame carries CR as &#13;");
    assert.deepEqual(second.params, expected(second.sentTree, offer));
    t.diagnostic(`total ${Date.now() - started} ms`);
    failed = false;
  });

// The call signal of docs/protocol.md §3.2 as a plain tree that the page builds with xml().
function signalTree({ alice, bob, sessionID, sdp }) {
  const el = (name, ...children) => ({ name, attrs: {}, children });
  return {
    name: 'extraParams', attrs: { xmlns: 'jabber:client' }, children: [
      el('moduleIdentifier', 'WebRTCVideoChat'),
      el('signalType', 'call'),
      el('sessionID', sessionID),
      el('callType', '1'),
      el('callerID', String(alice.id)),
      el('opponentsIDs', el('opponentID', String(bob.id))),
      el('sdp', sdp),
      el('platform', 'web'),
      el('userInfo', el('anyKey', 'any value'), el('note', 'a < b & "c" > \'d\' — é ✓ 😀')),
    ],
  };
}

// What the page's tree() should give for a sent tree: namespaces resolved (the server may drop an
// xmlns declaration that the element inherits anyway), the sdp's text as given.
function expected(sent, sdpText, ns = 'jabber:client') {
  const { xmlns, ...attrs } = sent.attrs;
  const own = xmlns ?? ns;
  return {
    name: sent.name, ns: own, attrs,
    children: sent.name === 'sdp' ? [sdpText]
      : sent.children.map((c) => (typeof c === 'string' ? c : expected(c, sdpText, own))),
  };
}

// A sends B a call signal; resolves once B's page has it, with what went over both sockets.
async function signal(t, pageA, pageB, { alice, bob, app, sdp }) {
  const sessionID = crypto.randomUUID();
  const sentTree = signalTree({ alice, bob, sessionID, sdp });
  const id = 'sig-' + sessionID.slice(0, 8);
  const to = `${bob.id}-${app}@${DOMAIN}`;
  await within(STEP_MS, pageA.page.evaluate((args) => window.sendSignal(args),
    { to, id, extraParams: sentTree }), 'A sends the call signal');
  await pageB.page.waitForFunction((sid) => window.received().some((m) =>
    JSON.stringify(m).includes(sid)), sessionID, { timeout: STEP_MS });
  const messages = (await pageB.page.evaluate(() => window.received()))
    .filter((m) => JSON.stringify(m).includes(sessionID));
  assert.equal(messages.length, 1, 'B received the signal exactly once');
  const got = messages[0];

  assert.equal(got.ns, 'jabber:client');
  assert.deepEqual(Object.keys(got.attrs).sort(), ['from', 'id', 'to', 'type']);
  assert.equal(got.attrs.type, 'headline');
  assert.equal(got.attrs.id, id);
  assert.equal(got.attrs.to, to);
  assert.equal(got.children.length, 1, 'no <body>, no <delay>: only extraParams');
  const params = got.children[0];
  assert.equal(params.name, 'extraParams');
  assert.equal(params.ns, 'jabber:client');

  const frameWith = (tab, dir) => tab.frames.find((f) => f.dir === dir && f.payload.includes(sessionID));
  const sdpIn = (frame) => /<sdp>([^<]*)<\/sdp>/.exec(frame.payload)[1];
  const sentSdp = sdpIn(frameWith(pageA, 'sent'));
  const receivedSdp = sdpIn(frameWith(pageB, 'received'));
  t.diagnostic(`sdp on the wire, A sent ${JSON.stringify(sentSdp.slice(0, 24))}..., ` +
    `B received ${JSON.stringify(receivedSdp.slice(0, 24))}..., ` +
    `B's text ${JSON.stringify(textOf(child(params, 'sdp')).slice(0, 20))}...`);
  return { got, params, sentTree, sentSdp, receivedSdp };
}
