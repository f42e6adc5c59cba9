// Call set-up time of the browser SDK: from session.call() on the caller to the first decoded remote
// video frame, on the caller's side and on the callee's (which accepts as soon as it rings, opening
// its camera then). Two Chromium browsers with fake devices, one Parley server, N calls one after
// another. Run inside the private network namespace: bench/call-setup.sh [N]
import { openUser, waitFor } from '../e2e/browser/lib/browsers.mjs';
import { createUser, runCleanups, sleep, startParley } from '../e2e/browser/lib/parley.mjs';

const calls = Number(process.argv[2] ?? 12);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

try {
  const parley = await startParley();
  const [alice, bob] = await Promise.all([createUser(parley, 'alice'), createUser(parley, 'bob')]);
  const [a, b] = await Promise.all([openUser(parley, alice), openUser(parley, bob)]);
  await b.eval(() => window.h.autoAccept());
  const caller = [];
  const callee = [];
  for (let i = 0; i < calls; i += 1) {
    const id = await a.eval((ids) => window.h.startCall(ids, 1), [bob.id]);
    const started = await a.waitEvent((e) => e.name === 'callStarted' && e.sessionId === id, 'call started');
    const atCaller = await a.waitEvent((e) => e.name === 'firstFrame' && e.sessionId === id, 'first frame at the caller', 30_000);
    const atCallee = await b.waitEvent((e) => e.name === 'firstFrame' && e.sessionId === id, 'first frame at the callee', 30_000);
    caller.push(atCaller.wallClock - started.wallClock);
    callee.push(atCallee.wallClock - started.wallClock);
    console.error(`call ${i + 1}: caller ${caller.at(-1)} ms, callee ${callee.at(-1)} ms`);
    await a.eval(() => window.h.stop());
    await waitFor(async () => (await b.eval(() => window.h.sessionCount())) === 0, 'callee session closed');
    await sleep(300);
  }
  for (const [side, values] of [['caller', caller], ['callee', callee]]) {
    const sorted = [...values].sort((x, y) => x - y);
    console.log(`${side}: n=${sorted.length} median=${percentile(sorted, 50)} ms p90=${percentile(sorted, 90)} ms `
      + `min=${sorted[0]} ms max=${sorted.at(-1)} ms`);
  }
} finally {
  await runCleanups();
}
