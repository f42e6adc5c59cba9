// Conferences through Parley's SFU with the unmodified janus.js (npm janus-gateway) in real Chromium (fake camera
// and microphone), following janus-gateway's video room demos (docs/conference.md, docs/protocol.md §4). Three
// participants of a meeting's room go through the steps in order, sharing their browsers: Alice (WebSocket, one
// subscriber handle per feed, the meeting's host), Bob (HTTP long polls, a handle per feed, invited by id) and
// Carol (WebSocket, one multistream subscriber handle, invited by e-mail); Dave joins from a network namespace of
// his own whose media link is cut. Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { arrivingOver, assertFeedsFlow, janusServer, openJanus, sendingBitrate, startConferenceServer } from './lib/conference.mjs';
import { isolatedBrowserNetwork } from './lib/network.mjs';
import { waitFor } from './lib/browsers.mjs';
import { cleanups, createUser, rest, runCleanups, sleep } from './lib/parley.mjs';

/** janus.js's keepalive for everyone but the test that stops it: well inside the session timeout. */
const KEEPALIVE = { keepAlivePeriod: 4000 };
const SESSION_TIMEOUT_MS = 10_000;
const CONSENT_TIMEOUT_MS = 9_000;

let parley;
let room;
let alice;
let bob;
let carol;
let daveUser;
const ids = {};

before(async () => {
  parley = await startConferenceServer({
    PARLEY_CONFERENCE_SESSION_TIMEOUT: `${SESSION_TIMEOUT_MS}ms`,
    PARLEY_CONFERENCE_LONG_POLL_WAIT: '5s',
    PARLEY_MEDIA_CONSENT_TIMEOUT: `${CONSENT_TIMEOUT_MS}ms`,
    PARLEY_SESSIONS_GUEST_TTL: '3s',
  }, { host: '0.0.0.0', otherApps: 1 }); // Dave's browser, in a namespace of its own, reaches it at its address
  const [a, b, c] = [await createUser(parley, 'alice'), await createUser(parley, 'bob'),
    await createUser(parley, 'carol', { email: 'Carol@example.com' })];
  daveUser = await createUser(parley, 'dave');
  const now = Math.floor(Date.now() / 1000);
  const meeting = await rest(parley.base, 'POST', '/meetings.json', { token: a.token, body: {
    name: 'Stand-up', start_date: now, end_date: now + 3600,
    attendees: [{ id: b.id }, { email: 'carol@example.com' }, { id: daveUser.id }],
  } });
  room = meeting._id;
  alice = await openJanus(parley, a, { janusOptions: KEEPALIVE });
  bob = await openJanus(parley, b, { transport: 'http', janusOptions: KEEPALIVE });
  carol = await openJanus(parley, c, { subscriptions: 'multistream', janusOptions: KEEPALIVE });
});
after(runCleanups);

const everyone = () => [alice, bob, carol];

/** Everyone receives everyone else's audio and video. */
async function allReceiveEachOther(people = everyone()) {
  for (const to of people) await assertFeedsFlow(to, people.filter((from) => from !== to).map((from) => ids[from.user.login]));
}

test('three publishers of a meeting\'s room each decode the other two\'s video and hear their audio', { timeout: 180_000 }, async () => {
  for (const p of everyone()) ids[p.user.login] = (await p.join(room)).id;
  await allReceiveEachOther();
  for (const p of everyone()) {
    await p.waitEvent((e) => e.name === 'webrtcup', 'webrtcup for its publisher handle');
    assert.deepEqual(p.errors, [], `${p.user.login}: page errors`);
  }
});

test('configure audio:false and video:false stop that stream for the others, who get media events', { timeout: 120_000 }, async () => {
  let marks = await Promise.all([alice.eventCount(), bob.eventCount()]);
  await carol.eval(() => window.jr.configure({ audio: false }));
  for (const [i, p] of [alice, bob].entries()) {
    await p.waitEvent((e) => e.name === 'media' && e.feed === ids.carol && e.type === 'audio' && e.receiving === false,
      'media: Carol\'s audio not received', { from: marks[i] });
  }
  await sleep(500); // what was under way when Carol stopped
  assert.equal(await arrivingOver(alice, ids.carol, 'audioBytes'), 0, 'no audio from Carol arrives');
  assert.ok(await arrivingOver(alice, ids.carol, 'framesDecoded') > 0, 'Carol\'s video still arrives');

  marks = await Promise.all([alice.eventCount(), bob.eventCount()]);
  await carol.eval(() => window.jr.configure({ audio: true }));
  for (const [i, p] of [alice, bob].entries()) {
    await p.waitEvent((e) => e.name === 'media' && e.feed === ids.carol && e.type === 'audio' && e.receiving === true,
      'media: Carol\'s audio received again', { from: marks[i] });
  }
  await assertFeedsFlow(alice, [ids.carol]);

  let mark = await carol.eventCount();
  await alice.eval(() => window.jr.configure({ video: false }));
  await carol.waitEvent((e) => e.name === 'media' && e.feed === ids.alice && e.type === 'video' && e.receiving === false,
    'media: Alice\'s video not received', { from: mark });
  await sleep(500);
  assert.equal(await arrivingOver(carol, ids.alice, 'videoBytes'), 0, 'no video from Alice arrives');
  mark = await carol.eventCount();
  await alice.eval(() => window.jr.configure({ video: true }));
  await carol.waitEvent((e) => e.name === 'media' && e.feed === ids.alice && e.type === 'video' && e.receiving === true,
    'media: Alice\'s video received again', { from: mark });
  await assertFeedsFlow(carol, [ids.alice]);
});

test('configure bitrate caps what the publisher sends (REMB)', { timeout: 90_000 }, async () => {
  const target = async () => (await bob.outbound()).targetBitrate;
  const uncapped = await waitFor(async () => { const t = await target(); return t > 100_000 ? t : null; },
    'Bob\'s encoder aims above 100 kbit/s before the cap', 30_000);
  await bob.eval(() => window.jr.configure({ bitrate: 64_000 }));
  const capped = await waitFor(async () => { const t = await target(); return t <= 64_000 ? t : null; },
    'Bob\'s encoder aims at or below the 64 kbit/s cap', 20_000);
  const sent = await sendingBitrate(bob);
  assert.ok(sent < 100_000, `capped at 64 kbit/s (target ${capped}, ${uncapped} before), Bob sends ${Math.round(sent)} bit/s`);
  await bob.eval(() => window.jr.configure({ bitrate: 0 }));
  await waitFor(async () => (await target()) > 100_000, 'the cap lifted', 30_000);
});

test('unpublish, then publish again: the others unsubscribe and subscribe again', { timeout: 120_000 }, async () => {
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  const bobMark = await bob.eventCount();
  await bob.eval(() => window.jr.unpublish());
  // As videoroom.js, the page hangs up its peer connection on "unpublished: ok"; publishing before that cleanup
  // ran would race janus.js tearing down the connection the new offer is being made on.
  await bob.waitEvent((e) => e.name === 'cleanup', 'Bob\'s publisher connection cleaned up', { from: bobMark });
  await alice.waitEvent((e) => e.name === 'unpublished' && e.id === ids.bob, 'unpublished Bob', { from: marks[0] });
  await carol.waitEvent((e) => e.name === 'updated' && !e.feeds.includes(ids.bob), 'an updated subscription without Bob',
    { from: marks[1] });
  assert.deepEqual(await alice.eval(() => window.jr.subscribedFeeds()), [ids.carol]);

  await bob.eval(() => window.jr.publish());
  await alice.waitEvent((e) => e.name === 'publishers' && e.ids.includes(ids.bob), 'publishers: Bob again', { from: marks[0] });
  await assertFeedsFlow(alice, [ids.bob]);
  await assertFeedsFlow(carol, [ids.bob]);
});

test('leave then detach (as the ConnectyCube client leaves), and rejoin', { timeout: 150_000 }, async () => {
  const marks = await Promise.all([alice.eventCount(), bob.eventCount()]);
  await carol.eval(() => window.jr.leave());
  for (const [i, p] of [alice, bob].entries()) {
    await p.waitEvent((e) => e.name === 'leaving' && e.id === ids.carol, 'leaving: Carol', { from: marks[i] });
    assert.ok(!(await p.eval(() => window.jr.subscribedFeeds())).includes(ids.carol), `${p.user.login} dropped Carol's feed`);
  }
  ids.carol = (await carol.rejoin(room)).id;
  await allReceiveEachOther();
});

test('destroying the session leaves the room, and a new session joins again', { timeout: 150_000 }, async () => {
  const marks = await Promise.all([bob.eventCount(), carol.eventCount()]);
  await alice.eval(() => window.jr.destroy());
  await bob.waitEvent((e) => e.name === 'leaving' && e.id === ids.alice, 'leaving: Alice', { from: marks[0] });
  await carol.waitEvent((e) => e.name === 'updated' && !e.feeds.includes(ids.alice), 'an updated subscription without Alice',
    { from: marks[1] });
  await alice.reconnect();
  ids.alice = (await alice.join(room)).id;
  await allReceiveEachOther();
});

test('another application\'s token, an expired token, a stranger to the meeting: the Janus error, nothing else', { timeout: 120_000 }, async () => {
  const marks = await Promise.all(everyone().map((p) => p.eventCount()));
  const outsider = await createUser(parley, 'outsider', { app: parley.otherApps[0] });
  const stranger = await createUser(parley, 'stranger');
  const { session: guestSession } = await rest(parley.base, 'POST', '/session', { body: {
    application_id: parley.app.application_id, auth_key: parley.app.auth_key, user: { guest: 1, full_name: 'Guest' } } });
  await sleep(4000); // the guest token's 3 s life ends unused
  const probe = (token) => alice.eval((args) => window.jr.probe(args), { server: alice.server, token, room });

  const other = await probe(outsider.token);
  assert.equal(other.created, true, 'another application\'s user has a Janus session');
  assert.deepEqual(other.joined?.publishers, [], 'the same room id is another room in another application');
  const expired = await probe(guestSession.token);
  assert.equal(expired.created, false);
  assert.match(expired.error, /Unauthorized request/);
  const refused = await probe(stranger.token);
  assert.equal(refused.error?.code, 433, `a stranger to the meeting: ${JSON.stringify(refused)}`);

  for (const [i, p] of everyone().entries()) {
    const since = (await p.events()).slice(marks[i]);
    assert.deepEqual(since.filter((e) => ['publishers', 'leaving', 'unpublished', 'error'].includes(e.name)), [],
      `${p.user.login} noticed nothing`);
  }
  await assertFeedsFlow(bob, [ids.carol]);
});

test('a session that stops its keepalives times out, and the others see it leave', { timeout: 150_000 }, async () => {
  await bob.eval(() => window.jr.destroy());
  await bob.reconnect({ server: janusServer(parley.base, 'ws'), janusOptions: { keepAlivePeriod: 10 * SESSION_TIMEOUT_MS } });
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  ids.bob = (await bob.join(room)).id;
  await assertFeedsFlow(alice, [ids.bob]);
  await alice.waitEvent((e) => e.name === 'leaving' && e.id === ids.bob, 'leaving: Bob, timed out',
    { from: marks[0], ms: SESSION_TIMEOUT_MS + 30_000 });
  await carol.waitEvent((e) => e.name === 'updated' && !e.feeds.includes(ids.bob), 'an updated subscription without Bob',
    { from: marks[1] });

  await bob.reconnect({ janusOptions: KEEPALIVE });
  ids.bob = (await bob.join(room)).id;
  await allReceiveEachOther();
});

test('a participant whose network dies leaves after the consent timeout; the others keep their media', { timeout: 180_000 }, async () => {
  const network = await isolatedBrowserNetwork();
  cleanups.push(() => network.close());
  // Dave only publishes (his browser decodes nothing): the others' browsers carry enough.
  const dave = await openJanus(parley, daveUser, { network, subscriptions: 'none', janusOptions: KEEPALIVE });
  const marks = await Promise.all(everyone().map((p) => p.eventCount()));
  ids.dave = (await dave.join(room)).id;
  await assertFeedsFlow(alice, [ids.dave]);

  network.cutMedia();
  for (const [i, p] of everyone().entries()) {
    await p.waitEvent((e) => e.name === 'leaving' && e.id === ids.dave, 'leaving: Dave, his consent expired',
      { from: marks[i], ms: CONSENT_TIMEOUT_MS + 30_000 });
  }
  await dave.waitEvent((e) => e.name === 'hangup' && /consent/i.test(e.reason ?? ''),
    'hangup of his publisher handle, for consent (his signaling still works)');
  await allReceiveEachOther();
});
