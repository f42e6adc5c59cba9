// Takes the README's picture of a live call: starts the server, signs two people up in the demo app,
// calls from one to the other, and saves the caller's window (1280x800) as docs/images/demo-call.png.
// Chromium's fake camera supplies the moving test pattern. Run inside the private network namespace:
//   scripts/netns-run node e2e/browser/screenshot.mjs [output.png]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openPage, waitFor } from './lib/browsers.mjs';
import { acceptIncoming, call, onlyRemoteId, remoteTile, signUp } from './lib/demo.mjs';
import { ROOT, runCleanups, sleep, startParley } from './lib/parley.mjs';

const output = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs/images/demo-call.png'));
const caller = { fullName: 'Alice Martin', login: 'alice', password: 'correct-horse-1' };
const callee = { fullName: 'Bob Chen', login: 'bob', password: 'correct-horse-2' };

try {
  const parley = await startParley();
  const alice = await openPage(`${parley.base}/`, { name: 'alice', viewport: { width: 1280, height: 800 } });
  const bob = await openPage(`${parley.base}/`, { name: 'bob' });
  await signUp(alice.page, caller);
  await signUp(bob.page, callee);
  await call(alice.page, [callee.login], 'video');
  await acceptIncoming(bob.page);
  const bobId = await onlyRemoteId(alice.page);
  await waitFor(async () => {
    const tile = await remoteTile(alice.page, bobId);
    return tile?.state === 'connected' && tile.frames > 30 && tile.kbps > 0 && tile.micLevel > 0;
  }, 'the call is live on the caller side', 30_000);
  await sleep(2500); // let the timer and the meters move past their first values
  mkdirSync(path.dirname(output), { recursive: true });
  await alice.page.screenshot({ path: output, type: 'png' });
  console.log(`saved ${output}`);
} finally {
  await runCleanups();
}
