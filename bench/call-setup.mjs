// Call set-up time of the browser SDK: from session.call() on the caller to the first decoded remote
// video frame, on the caller's side and on the callee's (which accepts as soon as it rings, opening
// its camera then). Two Chromium browsers with fake devices, one Parley server, N calls one after
// another. With --turn, each browser sits behind a symmetric NAT of its own (e2e/browser/lib/network.mjs)
// and the calls go through coturn (configured by `parley turn config`), the SDK fetching its ICE servers
// from the server; without it, both browsers share the test namespace and connect directly.
// Run inside the private network namespace: bench/call-setup.sh [N] [--turn]
import { randomBytes } from 'node:crypto';
import { openUser, waitFor } from '../e2e/browser/lib/browsers.mjs';
import { natNetwork } from '../e2e/browser/lib/network.mjs';
import { cleanups, createUser, runCleanups, sleep, startParley } from '../e2e/browser/lib/parley.mjs';
import { assertRelayed, openNatUser, startCoturn, turnSettings } from '../e2e/browser/lib/turn.mjs';

const args = process.argv.slice(2);
const turn = args.includes('--turn');
const calls = Number(args.find((a) => /^\d+$/.test(a)) ?? 12);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Both users' browsers: side by side, or each behind its own symmetric NAT with coturn as the relay. */
async function browsers(parley, alice, bob) {
  if (!turn) return Promise.all([openUser(parley, alice), openUser(parley, bob)]);
  const networks = [await natNetwork(1), await natNetwork(2)];
  cleanups.push(() => networks.forEach((n) => n.close()));
  return [await openNatUser(networks[0], parley, alice), await openNatUser(networks[1], parley, bob)];
}

try {
  const env = turn ? turnSettings(randomBytes(24).toString('base64url')) : {};
  if (turn) await startCoturn(env);
  const parley = await startParley(turn ? { env, host: '0.0.0.0' } : {});
  const [alice, bob] = await Promise.all([createUser(parley, 'alice'), createUser(parley, 'bob')]);
  const [a, b] = await browsers(parley, alice, bob);
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
    // A call that did not go through the relay would not measure what --turn promises.
    if (turn) await assertRelayed(a.page, 'the caller');
    console.error(`call ${i + 1}: caller ${caller.at(-1)} ms, callee ${callee.at(-1)} ms`);
    await a.eval(() => window.h.stop());
    await waitFor(async () => (await b.eval(() => window.h.sessionCount())) === 0, 'callee session closed');
    await sleep(300);
  }
  console.log(turn ? 'through coturn, both browsers behind symmetric NATs:' : 'direct (host candidates, one namespace):');
  for (const [side, values] of [['caller', caller], ['callee', callee]]) {
    const sorted = [...values].sort((x, y) => x - y);
    console.log(`${side}: n=${sorted.length} median=${percentile(sorted, 50)} ms p90=${percentile(sorted, 90)} ms `
      + `min=${sorted[0]} ms max=${sorted.at(-1)} ms`);
  }
} finally {
  await runCleanups();
}
