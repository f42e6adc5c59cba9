// Calls across NATs and firewalls through coturn (issue 14): every user here sits behind a router of its own
// (lib/network.mjs natNetwork) that does symmetric NAT, or lets out nothing but TCP to coturn and the server, inside
// the test namespace; coturn (lib/turn.mjs) runs on the namespace's "public" address with the TURN REST API secret
// Parley's server shares. Each test checks from getStats that the connection went through the relay and that media
// flowed both ways. Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { assertMediaFlows, launchBrowser, openHarness, waitFor } from './lib/browsers.mjs';
import { assertFeedsFlow, pageHandle, startConferenceServer } from './lib/conference.mjs';
import { startJavaCall } from './lib/java.mjs';
import { natNetwork } from './lib/network.mjs';
import { createUser, rest, runCleanups, STEP_MS, within } from './lib/parley.mjs';
import { assertRelayed, natBrowser, openNatUser, publicBase, recordPeerConnections, startCoturn, TURN_PORT, turnSettings } from './lib/turn.mjs';

const CONNECTED = 2;
const SECRET = randomBytes(24).toString('base64url');
let parley;
let coturn;
let count = 0;
const perTest = [];   // browsers, processes and networks of the running test, closed after it

before(async () => {
  coturn = await startCoturn(turnSettings(SECRET));
  // Bound to every address of the namespace: the users behind the NATs reach it at PARLEY_ADDR_A.
  parley = await startConferenceServer(turnSettings(SECRET), { host: '0.0.0.0' });
});
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

const newUser = (kind) => createUser(parley, `${kind}${(count += 1)}`);

/** A TURN REST API credential (expiry:userId, base64 HMAC-SHA1 with the shared secret) valid for ttl seconds. */
function credential(userId, ttl) {
  const username = `${Math.floor(Date.now() / 1000) + ttl}:${userId}`;
  return { username, credential: createHmac('sha1', SECRET).update(username).digest('base64') };
}

/** A NAT of its own for this test (closed after it). */
async function nat(n, options) {
  const network = await natNetwork(n, options);
  perTest.push(async () => network.close());
  return network;
}

/** The SDK harness signed in as `user` in a browser behind `network`. */
const natUser = (network, user, videochat) => openNatUser(network, parley, user, videochat, { closers: perTest });

/** caller calls callee, which accepts; resolves when both report CONNECTED. */
async function connectCall(caller, callee) {
  const sessionId = await caller.eval((ids) => window.h.startCall(ids, 1), [callee.user.id]);
  await callee.waitEvent((e) => e.name === 'call' && e.sessionId === sessionId, 'incoming call');
  await callee.eval(() => window.h.accept());
  for (const [a, b] of [[caller, callee], [callee, caller]]) {
    await a.waitEvent((e) => e.name === 'connectionState' && e.sessionId === sessionId && e.userId === b.user.id
      && e.state === CONNECTED, `CONNECTED with ${b.user.login}`, 45_000);
  }
  return sessionId;
}

/** The TURN username and credential the page's newest peer connection was made with (what the SDK gave it). */
const lastTurnCredential = (tab) => tab.eval(() => {
  const server = window.peerConnections.at(-1).getConfiguration().iceServers.find((s) => [s.urls].flat().some((u) => u.startsWith('turn:')));
  return server && { username: server.username, credential: server.credential };
});

/** Gathers candidates with the TURN credential in the page; resolves with the candidate types and error codes seen. */
const gatherWith = (page, url, c) => within(STEP_MS, page.evaluate(async ({ url: u, c: cred }) => {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: u, username: cred.username, credential: cred.credential }] });
  const errors = [];
  const types = [];
  pc.onicecandidateerror = (e) => errors.push(e.errorCode);
  pc.createDataChannel('probe');
  const done = new Promise((resolve) => {
    pc.onicecandidate = (e) => { if (e.candidate) types.push(e.candidate.type); else resolve(); };
  });
  await pc.setLocalDescription();
  await done;
  pc.close();
  return { types, errors };
}, { url, c }), 'candidate gathering');

test('two browsers behind separate symmetric NATs: STUN alone cannot connect them', { timeout: 120_000 }, async () => {
  const [alice, bob] = [await newUser('web'), await newUser('web')];
  // coturn answers STUN too: each learns its NAT's address toward coturn, which the other side cannot use.
  const stun = { iceServers: [{ urls: [`stun:${coturn.address}:${TURN_PORT}`] }], disconnectTimeInterval: 10 };
  const [a, b] = [await natUser(await nat(1), alice, stun), await natUser(await nat(2), bob, stun)];
  const sessionId = await a.eval((ids) => window.h.startCall(ids, 1), [bob.id]);
  await b.waitEvent((e) => e.name === 'call' && e.sessionId === sessionId, 'incoming call');
  await b.eval(() => window.h.accept());
  // Each side checks the pairs toward the other's NAT address (its server-reflexive candidate) again and again, and
  // no check of any pair is ever answered: each NAT maps every destination to a port of its own and lets in nothing
  // it did not send to. (Waiting for Chromium to declare the checks failed takes it 40 s.)
  for (const tab of [a, b]) {
    const checks = await waitFor(async () => {
      const found = await checksTowardSrflx(tab.page);
      return found.sent >= 5 ? found : null;
    }, `${tab.user.login}: checks sent toward the other's NAT address`, 45_000);
    assert.equal(checks.answered, 0, `${tab.user.login}: no check answered (${JSON.stringify(checks)})`);
    assert.equal(checks.succeeded, 0, `${tab.user.login}: no pair succeeded (${JSON.stringify(checks)})`);
    assert.ok(!(await tab.events()).some((e) => e.name === 'connectionState' && e.sessionId === sessionId && e.state === CONNECTED),
      `${tab.user.login} never connected`);
  }
});

/**
 * Over the page's peer connections: the checks sent on the pairs whose remote end is a server-reflexive candidate (the
 * most sent on one pair), and, over every pair, the checks answered and the pairs that succeeded.
 */
const checksTowardSrflx = (page) => page.evaluate(async () => {
  const result = { sent: 0, answered: 0, succeeded: 0, pairs: 0 };
  for (const pc of window.peerConnections) {
    const stats = [...(await pc.getStats()).values()];
    const byId = new Map(stats.map((s) => [s.id, s]));
    for (const pair of stats.filter((s) => s.type === 'candidate-pair')) {
      result.pairs += 1;
      result.answered += pair.responsesReceived ?? 0;
      if (pair.state === 'succeeded') result.succeeded += 1;
      if (byId.get(pair.remoteCandidateId)?.candidateType === 'srflx') result.sent = Math.max(result.sent, pair.requestsSent ?? 0);
    }
  }
  return result;
});

test('two browsers behind separate symmetric NATs call each other through coturn: relayed, media both ways', { timeout: 120_000 }, async () => {
  const [alice, bob] = [await newUser('web'), await newUser('web')];
  // No ICE servers in the apps' config: the SDK fetches the server's (GET /ice_servers) itself.
  const a = await natUser(await nat(1), alice);
  const b = await natUser(await nat(2), bob);
  await connectCall(a, b);
  await assertMediaFlows(b, alice.id);
  await assertMediaFlows(a, bob.id);
  await assertRelayed(a.page, alice.login);
  await assertRelayed(b.page, bob.login);
  assert.ok(coturn.allocations(alice.id) + coturn.allocations(bob.id) > 0, 'coturn allocated a relay for the call');
});

test('a Java SDK user behind a symmetric NAT calls a browser behind another through coturn: relayed, media both ways', { timeout: 150_000 }, async () => {
  const [javaUser, webUser] = [await newUser('java'), await newUser('web')];
  const web = await natUser(await nat(2), webUser);
  await web.eval(() => window.h.autoAccept());
  // `parley call` on the NAT's host, as a user starts it: its SDK fetches the relay's credential from the server.
  const java = startJavaCall({ ...parley, base: publicBase(parley) }, javaUser, ['--to', String(webUser.id), '--duration', '8'],
    perTest, { network: await nat(1) });
  await web.waitEvent((e) => e.name === 'connectionState' && e.userId === javaUser.id && e.state === CONNECTED, 'CONNECTED', 45_000);
  await assertMediaFlows(web, javaUser.id);
  await assertRelayed(web.page, webUser.login);
  assert.equal(await java.exitCode(), 0, java.output());
  assert.ok(java.lines().some((l) => /result user \d+: media flowed both ways/.test(l)), java.output());
  assert.ok(coturn.allocations(javaUser.id) > 0, `coturn allocated a relay for the Java user's credential\n${java.output()}`);
});

test('coturn refuses an expired credential and a tampered one, and relays with a valid one', { timeout: 60_000 }, async () => {
  const user = await newUser('web');
  const context = await natBrowser(await nat(1), parley, perTest);
  const { page } = await openHarness({ ...parley, base: publicBase(parley) }, user, 'harness.html', {}, { context, closers: perTest });
  // A credential as the server issues it, and the same made invalid: expired (signed with the right secret), for
  // another user, with a changed password.
  const { ice_servers: servers } = await rest(parley.base, 'GET', '/ice_servers', { token: user.token });
  const fresh = servers.find((s) => s.urls.some((u) => u.startsWith('turn:')));
  assert.match(fresh.username, new RegExp(`^\\d+:${user.id}$`));
  const cases = {
    valid: fresh,
    expired: credential(user.id, -60),
    tamperedUser: { ...fresh, username: fresh.username.replace(/:\d+$/, `:${user.id + 1}`) },
    tamperedPassword: { ...fresh, credential: `${fresh.credential.slice(0, -4)}AAA=` },
  };
  // One peer connection per credential gathers its candidates: a relay candidate only when coturn allocates one.
  const gathered = {};
  for (const [name, c] of Object.entries(cases)) gathered[name] = await gatherWith(page, coturn.url('udp'), c);
  assert.ok(gathered.valid.types.includes('relay'), `a valid credential gets a relay (${JSON.stringify(gathered.valid)})`);
  for (const name of ['expired', 'tamperedUser', 'tamperedPassword']) {
    assert.ok(!gathered[name].types.includes('relay'), `no relay with the ${name} credential (${JSON.stringify(gathered[name])})`);
    assert.ok(gathered[name].errors.includes(401), `coturn answers 401 to the ${name} credential (${JSON.stringify(gathered[name])})`);
  }
});

test('credentials that expire: coturn refuses the old one, and the SDK fetches a new one for the next call, which is relayed', { timeout: 150_000 }, async () => {
  const TTL = 4;
  const shortLived = await startConferenceServer(turnSettings(SECRET, TTL), { host: '0.0.0.0' });
  const [alice, bob] = [await createUser(shortLived, `short${(count += 1)}`), await createUser(shortLived, `short${(count += 1)}`)];
  const a = await openNatUser(await nat(1), shortLived, alice, {}, { closers: perTest });
  const b = await openNatUser(await nat(2), shortLived, bob, {}, { closers: perTest });
  await connectCall(a, b);
  await assertMediaFlows(b, alice.id);
  // Each side's SDK gave its connection a credential of the server's; both must have expired before the next call.
  const first = [await lastTurnCredential(a), await lastTurnCredential(b)];
  for (const [i, user] of [alice, bob].entries()) {
    assert.match(first[i]?.username ?? '', new RegExp(`^\\d+:${user.id}$`), `${user.login}'s call got a credential of the server's`);
  }
  await a.eval(() => window.h.stop());
  await b.waitEvent((e) => e.name === 'close', 'the first call closed');

  const expiry = (c) => Number(c.username.split(':')[0]);
  const latest = Math.max(...first.map(expiry));
  await waitFor(async () => Date.now() / 1000 > latest + 1, 'both credentials expired', (TTL + 4) * 1000);
  for (const c of first) {
    const old = await gatherWith(a.page, coturn.url('udp'), c);
    assert.ok(!old.types.includes('relay') && old.errors.includes(401), `coturn refuses the expired ${c.username} (${JSON.stringify(old)})`);
  }

  await connectCall(a, b);
  await assertMediaFlows(b, alice.id);
  await assertMediaFlows(a, bob.id);
  await assertRelayed(a.page, alice.login);
  await assertRelayed(b.page, bob.login);
  for (const [i, tab] of [a, b].entries()) {
    const second = await lastTurnCredential(tab);
    assert.ok(expiry(second) > latest, `${tab.user.login}: a new credential (${second.username} after ${first[i].username})`);
  }
});

/** The conference harness (conference-sdk.html) signed in as `user` in `context`, opened on `base`. */
async function openConferenceUser(user, room, { context, base = parley.base } = {}) {
  const { page, errors } = await openHarness({ ...parley, base }, user, 'conference-sdk.html', {}, { context, closers: perTest });
  await page.waitForFunction(() => window.conferenceSdkReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.cs.init(args),
    { appId: parley.app.application_id, api: base, token: user.token, userId: user.id }), `${user.login} connects to chat`);
  const handle = {
    ...pageHandle(page, errors, user.login, 'cs'),
    user,
    join: () => handle.eval((args) => window.cs.join(args), { userId: user.id, room }),
  };
  return handle;
}

test('a conference participant whose network blocks UDP joins through TURN over TCP and exchanges media with UDP participants', { timeout: 180_000 }, async () => {
  const [alice, bob, carol] = [await newUser('conf'), await newUser('conf'), await newUser('conf')];
  const now = Math.floor(Date.now() / 1000);
  const meeting = await rest(parley.base, 'POST', '/meetings', { token: alice.token, body: {
    name: 'Across a firewall', start_date: now, end_date: now + 3600, attendees: [{ id: bob.id }, { id: carol.id }],
  } });
  // Carol's network lets out TCP to the server's HTTP port and coturn's port, nothing else (no UDP at all).
  const firewalled = await nat(3, { allowTcpPorts: [parley.port, TURN_PORT] });
  const shared = await launchBrowser(perTest);
  await recordPeerConnections(shared);
  const a = await openConferenceUser(alice, meeting._id, { context: shared });
  const b = await openConferenceUser(bob, meeting._id, { context: shared });
  // Her SDK gets the server's whole list (STUN, TURN over UDP and TCP); only TURN over TCP gets through.
  const c = await openConferenceUser(carol, meeting._id, { context: await natBrowser(firewalled, parley, perTest), base: publicBase(parley) });
  await a.join();
  await b.join();
  await c.join();
  const everyone = [a, b, c];
  for (const to of everyone) await assertFeedsFlow(to, everyone.filter((p) => p !== to).map((p) => p.user.id));
  await assertRelayed(c.page, carol.login, { relayProtocol: 'tcp' });
  assert.ok(coturn.allocations(carol.id) > 0, 'coturn allocated Carol\'s relays');
});
