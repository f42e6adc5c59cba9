// Data channels in a conference through Parley's SFU (docs/conference.md "Data channels"), with the unmodified
// janus.js (npm janus-gateway) in real Chromium: each page publishes audio, video and janus.js's data channel
// ("data" track), and subscribes with offer_data, as Janus's video room relays data: what a publisher sends on its
// channel reaches the subscribers of its feed on a channel of the same label (whose sub-protocol is the sender's
// feed id, which janus.js does not pass on). Alice and Bob subscribe a handle per feed, Carol one multistream handle. Runs inside scripts/netns-run
// (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFeedsFlow, openJanus, startConferenceServer } from './lib/conference.mjs';
import { createUser, runCleanups } from './lib/parley.mjs';

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
