// Data channels in a conference through Parley's SFU (docs/conference.md "Data channels"), with the unmodified
// janus.js (npm janus-gateway) in real Chromium: each page publishes audio, video and janus.js's data channel
// ("data" track), and subscribes with offer_data, as Janus's video room relays data: what a publisher sends on its
// channel reaches the subscribers of its feed on a channel of the same label (whose sub-protocol is the sender's
// feed id, which janus.js does not pass on). Alice and Bob subscribe a handle per feed, Carol one multistream handle;
// Dave joins them with Parley's browser SDK (sendData / onDataReceived, which names the sender), and Erin with the
// unmodified ConnectyCube SDK, whose sendData reaches the others and whose listener subscriptions (one feed each, no
// offer_data: Janus then offers the feed's data channel too) receive theirs; and Frank with the Java SDK (`./parley conference`, which sends a message each second and
// prints those it gets). Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openHarness, waitFor } from './lib/browsers.mjs';
import { assertFeedsFlow, openConnectyCubePage, openJanus, pageHandle, startConferenceServer } from './lib/conference.mjs';
import { startJavaConference } from './lib/java-conference.mjs';
import { cleanups, createUser, runCleanups, sleep, STEP_MS, within } from './lib/parley.mjs';

const ROOM = 'data-room';
let parley;
let alice;
let bob;
let carol;
const ids = {};

before(async () => {
  parley = await startConferenceServer({});
  const [a, b, c] = [await createUser(parley, 'alice'), await createUser(parley, 'bob'), await createUser(parley, 'carol')];
  alice = await openJanus(parley, a, { data: true });
  bob = await openJanus(parley, b, { data: true, transport: 'http' });
  carol = await openJanus(parley, c, { data: true, subscriptions: 'multistream' });
});
after(runCleanups);

/**
 * Nothing is kept for a subscriber whose SCTP association is not up yet: sends `prefix n` once a second (through
 * `send`) until `received()` holds one of them, for at most 30 s.
 */
async function sendUntilReceived(send, prefix, received, what) {
  let n = 0;
  await waitFor(async () => {
    n += 1;
    await send(`${prefix} ${n}`);
    await sleep(1000);
    return (await received()).some((e) => e.data.startsWith(prefix));
  }, what, 30_000);
}

/** The data events a page recorded after `from`. */
const dataEvents = async (page, from = 0) => (await page.eval(() => window.jr.events)).slice(from)
  .filter((e) => e.name === 'data');

test('three janus.js publishers with data channels join and receive each other\'s media', { timeout: 180_000 }, async () => {
  for (const p of [alice, bob, carol]) ids[p.user.login] = (await p.join(ROOM)).id;
  for (const to of [alice, bob, carol]) {
    await assertFeedsFlow(to, [alice, bob, carol].filter((p) => p !== to).map((p) => ids[p.user.login]));
  }
  for (const p of [alice, bob, carol]) {
    await p.waitEvent((e) => e.name === 'dataOpen' && e.own, `${p.user.login}'s own data channel opens`);
  }
});

test('a message on a publisher\'s data channel reaches every subscriber of its feed', { timeout: 90_000 }, async () => {
  const marks = await Promise.all([bob.eventCount(), carol.eventCount(), alice.eventCount()]);
  await alice.eval(() => window.jr.sendData('hello from alice ✓'));

  const atBob = await bob.waitEvent((e) => e.name === 'data' && e.data === 'hello from alice ✓', 'Bob gets Alice\'s message',
    { from: marks[0] });
  assert.equal(atBob.feed, ids.alice, 'on Bob\'s handle for Alice\'s feed');
  assert.equal(atBob.label, 'JanusDataChannel', 'on a channel with the sender\'s label');
  assert.equal(atBob.binary, false);
  await carol.waitEvent((e) => e.name === 'data' && e.data === 'hello from alice ✓', 'Carol (multistream) gets it',
    { from: marks[1] });
  assert.deepEqual(await dataEvents(alice, marks[2]), [], 'a sender does not get its own message back');
});

test('messages arrive in order, binary ones as binary, a 64 KiB one whole, from every publisher', { timeout: 120_000 }, async () => {
  const marks = await Promise.all([alice.eventCount(), bob.eventCount(), carol.eventCount()]);
  const big = 'x'.repeat(64 * 1024 - 10) + '-the-end!';
  await bob.eval(async (text) => {
    for (let i = 0; i < 50; i += 1) await window.jr.sendData(`bob ${i}`);
    await window.jr.sendData('bob binary', { binary: true });
    await window.jr.sendData(text);
  }, big);
  await carol.eval(() => window.jr.sendData('carol says hi'));

  for (const [i, page] of [[0, alice], [2, carol]]) {
    await page.waitEvent((e) => e.name === 'data' && e.data === big, `${page.user.login} gets Bob's 64 KiB message`,
      { from: marks[i], ms: 60_000 });
    const fromBob = (await dataEvents(page, marks[i])).filter((e) => e.data.startsWith('bob') || e.data === big);
    assert.deepEqual(fromBob.map((e) => (e.data === big ? 'big' : e.data)),
      [...Array.from({ length: 50 }, (_, n) => `bob ${n}`), 'bob binary', 'big'], `${page.user.login}: Bob's messages in order`);
    assert.equal(fromBob.find((e) => e.data === 'bob binary').binary, true, 'the binary message stays binary');
  }
  for (const [i, page] of [[0, alice], [1, bob]]) {
    const got = await page.waitEvent((e) => e.name === 'data' && e.data === 'carol says hi', `${page.user.login} gets Carol's message`,
      { from: marks[i] });
    assert.equal(got.feed, ids.carol);
  }
  for (const p of [alice, bob, carol]) assert.deepEqual(p.errors, [], `${p.user.login}: page errors`);
});

test('a user of Parley\'s browser SDK sends to the room and hears from it, with each sender\'s id', { timeout: 150_000 }, async () => {
  const user = await createUser(parley, 'dave');
  const { page, errors } = await openHarness(parley, user, 'conference-sdk.html', {});
  await page.waitForFunction(() => window.conferenceSdkReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.cs.init(args),
    { appId: parley.app.application_id, api: parley.base, token: user.token, userId: user.id }), 'dave signs in');
  const dave = pageHandle(page, errors, 'dave', 'cs');
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  await dave.eval((args) => window.cs.join(args), { userId: user.id, room: ROOM });
  await assertFeedsFlow(dave, [ids.alice, ids.bob, ids.carol]);
  await assertFeedsFlow(alice, [user.id]);

  const daveMark = await dave.eventCount();
  await alice.eval(() => window.jr.sendData('to everyone, dave too'));
  const got = await dave.waitEvent((e) => e.name === 'data' && e.data === 'to everyone, dave too', 'Dave gets Alice\'s message',
    { from: daveMark });
  assert.equal(got.userId, ids.alice, 'onDataReceived names the sender');

  await dave.eval(() => window.cs.sendData('dave here'));
  await dave.eval(() => window.cs.sendData('dave binary', true));
  const atAlice = await alice.waitEvent((e) => e.name === 'data' && e.data === 'dave here', 'Alice gets Dave\'s message',
    { from: marks[0] });
  assert.equal(atAlice.feed, user.id);
  await alice.waitEvent((e) => e.name === 'data' && e.data === 'dave binary' && e.binary, 'and his binary one', { from: marks[0] });
  await carol.waitEvent((e) => e.name === 'data' && e.data === 'dave here', 'Carol gets it too', { from: marks[1] });
  assert.deepEqual(errors, [], 'dave: page errors');
  await page.close(); // two cores: the next tests need the room
});

test('the ConnectyCube SDK\'s sendData reaches the others, and what they send reaches it', { timeout: 150_000 }, async () => {
  const user = await createUser(parley, 'erin');
  const erin = await openConnectyCubePage(parley, user);
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  await erin.eval((a) => window.cc.join(a), { room: ROOM, userId: user.id, display: 'erin', listener: false });
  await assertFeedsFlow(alice, [user.id]);

  await erin.eval(() => window.cc.sendData('hello from connectycube'));
  const atAlice = await alice.waitEvent((e) => e.name === 'data' && e.data === 'hello from connectycube',
    'Alice gets Erin\'s message', { from: marks[0] });
  assert.equal(atAlice.feed, user.id);
  await carol.waitEvent((e) => e.name === 'data' && e.data === 'hello from connectycube', 'Carol gets it too',
    { from: marks[1] });

  // Erin's listener subscriptions took Alice's data channel with her feed.
  const received = async () => (await erin.eval(() => window.cc.events)).filter((e) => e.name === 'data');
  await sendUntilReceived((text) => alice.eval((t) => window.jr.sendData(t), text), 'alice to connectycube', received,
    'Erin gets a message of Alice\'s');
  await bob.eval(() => window.jr.sendData('bob to connectycube'));
  await waitFor(async () => (await received()).some((e) => e.data === 'bob to connectycube'), 'and Bob\'s');

  // A ConnectyCube listener publishes a data channel only; Erin's SDK subscribes to it as to anyone, gets its data
  // section alone, and what the listener sends reaches her.
  const listenerUser = await createUser(parley, 'gina');
  const gina = await openConnectyCubePage(parley, listenerUser);
  await gina.eval((a) => window.cc.join(a), { room: ROOM, userId: listenerUser.id, display: 'gina', listener: true });
  await sendUntilReceived((text) => gina.eval((t) => window.cc.sendData(t), text), 'from a listener', received,
    'Erin gets the listener\'s message');
  const errors = (await erin.eval(() => window.cc.events)).filter((e) => e.name === 'error');
  assert.deepEqual(errors, [], 'Erin\'s SDK reported no error (subscribing to a listener used to be refused)');
  await gina.page.close();
  await erin.page.close();
});

test('the Java SDK sends to the room and prints what the others send, with their ids', { timeout: 150_000 }, async () => {
  const user = await createUser(parley, 'frank');
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  const frank = startJavaConference(parley, user, ROOM, { duration: 40, closers: cleanups });
  await frank.waitLine(/joined room/, 'Frank joins', 60_000);
  const atAlice = await alice.waitEvent((e) => e.name === 'data' && e.data.startsWith('hello from frank'),
    'Alice gets Frank\'s message', { from: marks[0], ms: 60_000 });
  assert.equal(atAlice.feed, user.id);
  await carol.waitEvent((e) => e.name === 'data' && e.data.startsWith('hello from frank'), 'Carol gets it too',
    { from: marks[1], ms: 30_000 });
  // Alice's messages reach Frank once his subscription's association is up: she sends until he prints one.
  const sent = `to frank ${Date.now()}`;
  for (let i = 0; ; i += 1) {
    await alice.eval((text) => window.jr.sendData(text), sent);
    try {
      await frank.waitLine(new RegExp(`data from user ${ids.alice}: ${sent}`), 'Frank prints Alice\'s message', 1_000);
      break;
    } catch (e) {
      if (i === 30) throw e;
    }
  }
  await frank.stop();
});
