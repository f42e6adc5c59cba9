// Takes the README's pictures of the demo app: starts the server, signs people up in the demo, and saves one
// window (1280x800). Chromium's fake cameras supply the moving test pattern. Run inside the private network
// namespace:
//   scripts/netns-run node e2e/browser/screenshot.mjs [output.png]               a 1:1 video call (docs/images/demo-call.png)
//   scripts/netns-run node e2e/browser/screenshot.mjs --conference [output.png]  a meeting of four (docs/images/demo-meeting.png)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, openPage, waitFor } from './lib/browsers.mjs';
import { startConferenceServer } from './lib/conference.mjs';
import { acceptIncoming, call, onlyRemoteId, remoteTile, signUp, smallCameras, visible } from './lib/demo.mjs';
import { ROOT, runCleanups, sleep, startParley, STEP_MS } from './lib/parley.mjs';

const conference = process.argv[2] === '--conference';
const given = process.argv[conference ? 3 : 2];
const output = path.resolve(given ?? path.join(ROOT, `docs/images/${conference ? 'demo-meeting' : 'demo-call'}.png`));
const people = [
  { fullName: 'Alice Martin', login: 'alice', password: 'correct-horse-1' },
  { fullName: 'Bob Chen', login: 'bob', password: 'correct-horse-2' },
  { fullName: 'Carmen Ruiz', login: 'carmen', password: 'correct-horse-3' },
  { fullName: 'Dev Patel', login: 'dev', password: 'correct-horse-4' },
];

try {
  const page = conference ? await meeting() : await videoCall();
  await sleep(2500); // let the timer and the meters move past their first values
  mkdirSync(path.dirname(output), { recursive: true });
  await page.screenshot({ path: output, type: 'png' });
  console.log(`saved ${output}`);
} finally {
  await runCleanups();
}

/** Alice video-calls Bob; resolves with Alice's page once the call is live. */
async function videoCall() {
  const [caller, callee] = people;
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
  return alice.page;
}

/**
 * Alice starts a meeting with the three others, who are rung and accept; Dev mutes. Resolves with Alice's page once
 * she sees the three playing. Four pages of one Chromium at 320x240 cameras (two cores).
 */
async function meeting() {
  const parley = await startConferenceServer();
  const browser = await launchBrowser();
  await smallCameras(browser);
  const pages = [];
  for (const person of people) {
    const page = await browser.newPage();
    if (pages.length === 0) await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${parley.base}/`, { timeout: STEP_MS });
    await signUp(page, person);
    pages.push(page);
  }
  const [alice, ...others] = pages;
  await alice.reload(); // her contacts list shows those who signed up after her at once
  await visible(alice, 'contacts-screen');
  await alice.getByTestId('new-meeting-button').click();
  await alice.getByTestId('meeting-name-input').fill('Design review');
  for (const person of people.slice(1)) {
    await alice.locator(`#meeting-people [data-testid="pick"][data-login="${person.login}"] input`).check();
  }
  await alice.getByTestId('meeting-submit').click();
  for (const page of others) {
    await visible(page, 'incoming-call', 30_000);
    await page.getByTestId('accept-call-button').click();
    await visible(page, 'conference-screen');
  }
  await others[2].getByTestId('conference-toggle-mic').click();
  await waitFor(() => alice.evaluate(() => {
    const tiles = [...document.querySelectorAll('[data-testid="conference-tile"]')];
    return tiles.length === 3 && tiles.every((t) => t.querySelector('video').getVideoPlaybackQuality().totalVideoFrames > 30
      && Number(t.querySelector('[data-testid="bitrate-meter"]').dataset.kbps) > 0);
  }), 'the meeting is live on Alice\'s side', 60_000);
  return alice;
}
