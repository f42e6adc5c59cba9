// The demo app's choice of the active speaker (demo/js/speaker.js), on a fake clock: the first voice takes the large
// tile at once, a newcomer only after being clearly the loudest for a while, and nobody takes it from silence or a
// cough; one who leaves frees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActiveSpeaker } from '../demo/js/speaker.js';

function speaker() {
  const clock = { now: 0 };
  return { clock, active: new ActiveSpeaker(() => clock.now) };
}

/** Everyone's level for one stats round, then the clock moves a second. */
function round(clock, active, levels) {
  let changed = false;
  for (const [id, level] of Object.entries(levels)) changed = active.update(Number(id), level) || changed;
  clock.now += 1000;
  return changed;
}

test('the first one heard becomes the speaker at once; silence and background noise never do', () => {
  const { clock, active } = speaker();
  assert.equal(round(clock, active, { 1: 0, 2: 0.005 }), false);
  assert.equal(active.current, null);
  assert.equal(round(clock, active, { 1: 0.3, 2: 0.005 }), true);
  assert.equal(active.current, 1);
});

test('a newcomer takes over only after being clearly louder for 1.5 s; a short burst or a close level does not', () => {
  const { clock, active } = speaker();
  round(clock, active, { 1: 0.3, 2: 0 });
  // One loud second from 2 (a cough), then quiet again: 1 stays.
  round(clock, active, { 1: 0.1, 2: 0.5 });
  round(clock, active, { 1: 0.3, 2: 0 });
  round(clock, active, { 1: 0.3, 2: 0 });
  assert.equal(active.current, 1);
  // Both talk at about the same level: no flicker.
  for (let i = 0; i < 5; i += 1) round(clock, active, { 1: 0.3, 2: 0.35 });
  assert.equal(active.current, 1);
  // 1 falls silent and 2 keeps talking: 2 takes over once the hold has passed, not at the first round.
  assert.equal(round(clock, active, { 1: 0, 2: 0.4 }), false);
  let rounds = 1;
  while (!round(clock, active, { 1: 0, 2: 0.4 })) rounds += 1;
  assert.equal(active.current, 2);
  assert.ok(rounds >= 1 && rounds <= 3, `switched after ${rounds + 1} rounds`);
});

test('the speaker who leaves frees the place; another who leaves changes nothing', () => {
  const { clock, active } = speaker();
  round(clock, active, { 1: 0.3, 2: 0.1 });
  assert.equal(active.remove(2), false);
  assert.equal(active.current, 1);
  assert.equal(active.remove(1), true);
  assert.equal(active.current, null);
  assert.equal(round(clock, active, { 3: 0.2 }), true);
  assert.equal(active.current, 3);
});
