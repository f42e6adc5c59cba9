// P2P calls with Parley's browser SDK in real Chromium (fake camera and microphone), each asserting
// that media actually flows: the receiver's getStats shows frames decoded and audio energy rising
// on the <audio>-attached stream. Runs inside ../shared/tools/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMediaFlows, openUser, waitFor } from './lib/browsers.mjs';
import { createUser, runCleanups, startParley } from './lib/parley.mjs';

const VIDEO = 1;
const AUDIO = 2;
const CONNECTED = 2;
let parley;
let userCount = 0;

before(async () => { parley = await startParley(); });
after(runCleanups);

async function users(n, videochat = {}) {
  const made = [];
  for (let i = 0; i < n; i += 1) {
    userCount += 1;
    made.push(await createUser(parley, `user${userCount}`));
  }
  return Promise.all(made.map((u) => openUser(parley, u, videochat)));
}

test('1:1 video call: accepted, media flows both ways, connection states reported', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await alice.eval((ids) => window.h.startCall(ids, 1, { userInfo: { topic: 'demo' } }), [bob.user.id]);
  const ring = await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  assert.equal(ring.from, alice.user.id);
  assert.equal(ring.callType, VIDEO);
  assert.deepEqual(ring.extension, { topic: 'demo' });
  await bob.eval(() => window.h.accept({ userInfo: { mood: 'happy' } }));
  const accepted = await alice.waitEvent((e) => e.name === 'accept', 'accept');
  assert.equal(accepted.userId, bob.user.id);
  assert.deepEqual(accepted.extension, { mood: 'happy' });
  await alice.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED');
  await bob.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED');
  await assertMediaFlows(bob, alice.user.id);
  await assertMediaFlows(alice, bob.user.id);
});
