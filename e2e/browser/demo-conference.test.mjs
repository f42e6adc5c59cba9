// The demo app's meetings (sdk-js/demo) driven through its UI in Chromium, on Parley's SFU. Alice schedules a
// meeting with Bob and Carol, copies its link from her list, and the three open it (Carol before logging in); each
// sees the other two's video playing (decoded frames), their mic meters and bitrates moving, and their own tile's;
// Carol mutes and the others see her muted-microphone flag; Alice switches camera in the device panel; Bob leaves
// and his tile goes from the others' screens; Alice deletes the meeting. Then ringing: Alice starts a meeting now
// with Bob, who is rung and accepts; she shares her screen, which Bob sees large; from the meeting she rings Carol
// (not an attendee yet), who declines, and Alice is told; she rings her again and leaves before the answer, which
// stops the ringing. Fake cameras at 320x240, one Chromium with three pages per test. Runs inside scripts/netns-run
// (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, waitFor } from './lib/browsers.mjs';
import { CONFERENCE_STEP_MS, startConferenceServer } from './lib/conference.mjs';
import { describeDemo, notices, smallCameras, submitLogIn, visible } from './lib/demo.mjs';
import { cleanUpEachTest, createUser, runCleanups, STEP_MS } from './lib/parley.mjs';

let parley;

before(async () => { parley = await startConferenceServer(); });
after(runCleanups);
cleanUpEachTest();

/**
 * One Chromium whose pages open the demo; every camera it opens is 320x240 (what the demo asks is 640x480: two
 * cores decode three pages' feeds at the smaller size). Closed by the returned close().
 */
async function demoBrowser() {
  const closers = [];
  const context = await launchBrowser(closers);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: parley.base });
  await smallCameras(context);
  const close = async () => { for (const c of closers.splice(0).reverse()) await c(); };
  return { context, close };
}

/** A page of the demo in the browser at `url`, for a user (created over REST), signed in through the form unless told. */
async function openDemo(context, user, url = `${parley.base}/`, { logIn = true } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (process.env.PARLEY_BROWSER_DEBUG) console.error(`[${user.login}] ${msg.text()}`); });
  await page.goto(url, { timeout: STEP_MS });
  const person = { page, name: user.login, errors, user };
  if (logIn) await logInAs(person);
  return person;
}

async function logInAs(person) {
  await submitLogIn(person.page, person.user.login, person.user.password);
  await waitFor(async () => (await person.page.getByTestId('chat-status').getAttribute('data-state')) === 'online'
    || (await person.page.getByTestId('conference-screen').isVisible()), `${person.name} signed in`);
}

/** What a person's meeting screen shows of another's tile (null without one). */
function tileOf(person, userId) {
  return person.page.evaluate((id) => {
    const tile = document.querySelector(`[data-testid="conference-tile"][data-user-id="${id}"]`);
    if (!tile) return null;
    const video = tile.querySelector('video');
    const audio = tile.querySelector('audio');
    const seen = (selector) => Boolean(tile.querySelector(selector)?.checkVisibility());
    return {
      name: tile.querySelector('[data-testid="tile-name"]').textContent,
      state: tile.dataset.state,
      videoShown: seen('video'),
      frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      micMutedIcon: seen('[data-testid="mic-off-flag"]'),
      screen: tile.dataset.screen === 'true',
      large: tile.dataset.featured === 'true',
      width: Math.round(tile.getBoundingClientRect().width),
      kbps: Number(tile.querySelector('[data-testid="bitrate-meter"]').dataset.kbps),
      micLevel: Number(tile.querySelector('[data-testid="mic-meter"]').getAttribute('aria-valuenow')),
      audioPlaying: Boolean(audio?.srcObject && !audio.paused && audio.srcObject.getAudioTracks().length > 0),
    };
  }, userId);
}

/** The user ids of the others' tiles on a person's meeting screen. */
function tileIds(person) {
  return person.page.evaluate(() => [...document.querySelectorAll('[data-testid="conference-tile"]')].map((t) => Number(t.dataset.userId)));
}

/** Waits until `person` sees each of `others` with video frames coming, the mic meter above 0 and a bitrate. */
async function seesEveryone(person, others) {
  for (const other of others) {
    const first = await waitFor(async () => {
      const tile = await tileOf(person, other.user.id);
      return tile?.frames > 0 && tile.videoShown && tile.audioPlaying ? tile : null;
    }, `${person.name} sees ${other.name}'s video playing`, CONFERENCE_STEP_MS);
    const later = await waitFor(async () => {
      const tile = await tileOf(person, other.user.id);
      return tile.frames >= first.frames + 10 && tile.micLevel > 0 && tile.kbps > 0 ? tile : null;
    }, `${person.name}: ${other.name}'s frames keep coming, mic meter and bitrate move`, CONFERENCE_STEP_MS);
    assert.equal(later.name, fullName(other.user), `${person.name}: ${other.name}'s tile is named`);
  }
}

/** The full name createUser gives. */
const fullName = (user) => user.login[0].toUpperCase() + user.login.slice(1);

/** Runs the steps; a failure says where each page stood (and PARLEY_BROWSER_SHOTS=dir keeps a screenshot of each). */
async function described(people, steps) {
  try {
    await steps();
  } catch (error) {
    for (const person of people) {
      const tiles = await person.page.evaluate(() => [...document.querySelectorAll('.conference-tile')]
        .map((t) => `${t.dataset.userId}:${t.dataset.state}:${t.dataset.hasVideo}`)).catch(() => []);
      error.message += `\n${await describeDemo(person)} meeting tiles ${JSON.stringify(tiles)}`;
      if (process.env.PARLEY_BROWSER_SHOTS) await person.page.screenshot({ path: `${process.env.PARLEY_BROWSER_SHOTS}/${person.name}.png` }).catch(() => {});
    }
    throw error;
  }
  for (const person of people) assert.deepEqual(person.errors, [], `${person.name}: page errors`);
}

test('a meeting through the UI: schedule, copy the link, three join by it, see and hear each other, mute, leave, delete', { timeout: 150_000 }, async () => {
  const [a, b, c] = await Promise.all(['alice', 'bob', 'carol'].map((login) => createUser(parley, `${login}-${Date.now().toString(36)}`)));
  const { context, close } = await demoBrowser();
  try {
    const alice = await openDemo(context, a);
    const bob = await openDemo(context, b);
    const people = [alice, bob];
    await described(people, async () => {
      // Alice schedules the meeting with Bob and Carol, chosen from her contacts.
      await alice.page.getByTestId('new-meeting-button').click();
      await visible(alice.page, 'meeting-dialog');
      await alice.page.getByTestId('meeting-name-input').fill('Design review');
      await alice.page.getByTestId('meeting-when-later').check({ force: true });
      await visible(alice.page, 'meeting-start-input');
      for (const login of [b.login, c.login]) {
        await alice.page.locator(`#meeting-people [data-testid="pick"][data-login="${login}"] input`).check();
      }
      await alice.page.getByTestId('meeting-submit').click();
      const row = alice.page.locator('[data-testid="meeting"]', { hasText: 'Design review' });
      await row.waitFor({ state: 'visible', timeout: STEP_MS });
      const meetingId = await row.getAttribute('data-meeting-id');

      // She copies its link and shares it; Bob (signed in) and Carol (not yet) open it, and so does Alice.
      await alice.page.bringToFront();
      await row.getByTestId('meeting-copy-link').click();
      const link = await alice.page.evaluate(() => navigator.clipboard.readText());
      assert.equal(link, `${parley.base}/#meeting=${meetingId}`);
      await alice.page.goto(link);
      await visible(alice.page, 'conference-screen', CONFERENCE_STEP_MS);
      assert.equal(await alice.page.getByTestId('conference-name').textContent(), 'Design review');
      await bob.page.goto(link);
      await visible(bob.page, 'conference-screen', CONFERENCE_STEP_MS);
      const carol = await openDemo(context, c, link, { logIn: false });
      people.push(carol);
      await logInAs(carol);
      await visible(carol.page, 'conference-screen', CONFERENCE_STEP_MS);

      for (const person of people) await seesEveryone(person, people.filter((p) => p !== person));
      for (const person of people) {
        await waitFor(() => person.page.evaluate(() => {
          const own = document.querySelector('[data-testid="self-tile"]');
          return Number(own.querySelector('[data-testid="mic-meter"]').getAttribute('aria-valuenow')) > 0
            && Number(own.querySelector('[data-testid="bitrate-meter"]').dataset.kbps) > 0;
        }), `${person.name}'s own tile shows the mic level and the video sent`, CONFERENCE_STEP_MS);
      }
      assert.match(await alice.page.getByTestId('conference-count').textContent(), /3 people/);

      // Carol mutes: the others see her muted-microphone flag.
      await carol.page.getByTestId('conference-toggle-mic').click();
      assert.equal(await carol.page.getByTestId('conference-toggle-mic').getAttribute('aria-pressed'), 'true');
      for (const person of [alice, bob]) {
        await waitFor(async () => (await tileOf(person, c.id))?.micMutedIcon, `${person.name} sees Carol muted`, CONFERENCE_STEP_MS);
      }

      // Alice switches camera in the device panel: her own tile shows the new one, and Bob keeps seeing her. (Chromium's
      // second fake camera gives depth frames, which no encoder takes: she picks the third.)
      const camera = () => alice.page.evaluate(() => document.querySelector('[data-testid="self-tile"] video').srcObject.getVideoTracks()[0].label);
      const first = await camera();
      await alice.page.getByTestId('conference-toggle-devices').click();
      const cameras = alice.page.getByTestId('conference-camera-select');
      await waitFor(async () => (await cameras.locator('option').count()) === 3, 'Alice\'s three cameras listed');
      await cameras.selectOption({ index: 2 });
      await waitFor(async () => (await camera()) !== first, 'Alice\'s own tile shows the other camera');
      const before = await tileOf(bob, a.id);
      await waitFor(async () => (await tileOf(bob, a.id)).frames > before.frames + 10, 'Bob keeps seeing Alice', CONFERENCE_STEP_MS);

      // Bob leaves: he is back on the main screen, and his tile goes from the others'.
      await bob.page.getByTestId('conference-leave').click();
      await visible(bob.page, 'contacts-screen');
      assert.equal(new URL(bob.page.url()).hash, '', 'the link is gone from the address once out');
      for (const person of [alice, carol]) {
        await waitFor(async () => (await tileIds(person)).length === 1, `${person.name}: Bob's tile goes`, CONFERENCE_STEP_MS);
        assert.deepEqual(await tileIds(person), [person === alice ? c.id : a.id]);
      }
      assert.ok((await notices(alice.page)).some((n) => n.includes('left the meeting')), 'Alice is told Bob left');

      // Alice leaves too and deletes the meeting (Delete asks for a second click).
      await alice.page.getByTestId('conference-leave').click();
      await visible(alice.page, 'contacts-screen');
      const again = alice.page.locator(`[data-testid="meeting"][data-meeting-id="${meetingId}"]`);
      await again.waitFor({ state: 'visible', timeout: STEP_MS });
      await again.getByTestId('meeting-delete').click();
      await again.getByTestId('meeting-delete').click();
      await again.waitFor({ state: 'detached', timeout: STEP_MS });
    });
  } finally {
    await close();
  }
});

test('ringing contacts into a meeting: Bob accepts and joins, sees Alice\'s shared screen large; Carol declines and Alice is told', { timeout: 120_000 }, async () => {
  const [a, b, c] = await Promise.all(['alice', 'bob', 'carol'].map((login) => createUser(parley, `${login}-${Date.now().toString(36)}`)));
  const { context, close } = await demoBrowser();
  try {
    const [alice, bob, carol] = [await openDemo(context, a), await openDemo(context, b), await openDemo(context, c)];
    await described([alice, bob, carol], async () => {
      // Alice starts a meeting now with Bob: he is rung.
      await alice.page.getByTestId('new-meeting-button').click();
      await alice.page.getByTestId('meeting-name-input').fill('Quick sync');
      await alice.page.locator(`#meeting-people [data-testid="pick"][data-login="${b.login}"] input`).check();
      await alice.page.getByTestId('meeting-submit').click();
      await visible(alice.page, 'conference-screen', CONFERENCE_STEP_MS);
      await visible(bob.page, 'incoming-call', CONFERENCE_STEP_MS);
      assert.equal(await bob.page.getByTestId('incoming-caller').textContent(), fullName(a));
      await waitFor(async () => (await bob.page.getByTestId('incoming-kind').textContent()) === 'Invites you to “Quick sync”',
        'the invitation names the meeting');
      await bob.page.getByTestId('accept-call-button').click();
      await visible(bob.page, 'conference-screen', CONFERENCE_STEP_MS);
      assert.equal(await bob.page.getByTestId('conference-name').textContent(), 'Quick sync');
      await seesEveryone(alice, [bob]);
      await seesEveryone(bob, [alice]);

      // Alice shares her screen: Bob sees it large (his own tile small beside it), then her camera again.
      const before = await tileOf(bob, a.id);
      await alice.page.getByTestId('conference-toggle-screen').click();
      await waitFor(async () => (await alice.page.getByTestId('conference-toggle-screen').getAttribute('aria-pressed')) === 'true',
        'Alice shares her screen');
      const shared = await waitFor(async () => {
        const tile = await tileOf(bob, a.id);
        return tile.screen && tile.large && tile.frames > before.frames + 10 ? tile : null;
      }, 'Bob sees Alice\'s screen large', CONFERENCE_STEP_MS);
      assert.ok(shared.width > before.width, 'the shared screen takes more room than the camera did');
      await alice.page.getByTestId('conference-toggle-screen').click();
      await waitFor(async () => !(await tileOf(bob, a.id)).screen, 'Bob sees Alice\'s camera again', CONFERENCE_STEP_MS);

      // From the meeting, Alice rings Carol, who was not invited before; Carol declines.
      await alice.page.getByTestId('conference-invite').click();
      await visible(alice.page, 'invite-dialog');
      await alice.page.locator(`#invite-people [data-testid="pick"][data-login="${c.login}"] input`).check();
      await alice.page.getByTestId('invite-submit').click();
      await visible(carol.page, 'incoming-call', CONFERENCE_STEP_MS);
      assert.equal(await carol.page.getByTestId('incoming-caller').textContent(), fullName(a));
      await carol.page.getByTestId('decline-call-button').click();
      await waitFor(async () => (await notices(alice.page)).some((n) => /declined/.test(n) && n.includes('Carol')),
        'Alice is told Carol declined', CONFERENCE_STEP_MS);
      assert.ok(await carol.page.getByTestId('contacts-screen').isVisible(), 'Carol stays on the main screen');
      assert.deepEqual(await tileIds(alice), [b.id], 'the meeting goes on with Bob');

      // Alice rings Carol again and leaves before she answers: Carol's ringing stops, and Bob sees Alice go.
      await alice.page.getByTestId('conference-invite').click();
      await alice.page.locator(`#invite-people [data-testid="pick"][data-login="${c.login}"] input`).check();
      await alice.page.getByTestId('invite-submit').click();
      await visible(carol.page, 'incoming-call', CONFERENCE_STEP_MS);
      await alice.page.getByTestId('conference-leave').click();
      await carol.page.getByTestId('incoming-call').waitFor({ state: 'hidden', timeout: CONFERENCE_STEP_MS });
      await waitFor(async () => (await notices(carol.page)).some((n) => n.startsWith('Missed a meeting invitation')), 'Carol is told she missed it');
      await waitFor(async () => (await tileIds(bob)).length === 0, 'Bob: Alice\'s tile goes', CONFERENCE_STEP_MS);
    });
  } finally {
    await close();
  }
});
