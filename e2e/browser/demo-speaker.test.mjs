// Who talks and who holds the floor, in the demo app (sdk-js/demo) on Parley's SFU: Alice, Bob and Carol are in a
// meeting, each page's microphone a Web Audio tone the test turns on and off (Chromium's fake microphone beep is far
// below any talking level). Bob talks: the SDK on Alice's and Carol's pages hears onTalkingChanged and
// onDominantSpeakerChanged for him, and their screens ring his tile and show it large. Bob falls silent and Carol
// talks: his ring goes, hers comes, and the large tile moves to her on Alice's and Bob's screens. Fake cameras at
// 320x240, one Chromium with three pages. Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, waitFor } from './lib/browsers.mjs';
import { CONFERENCE_STEP_MS, createMeeting, startConferenceServer } from './lib/conference.mjs';
import { describeDemo, smallCameras, submitLogIn, visible } from './lib/demo.mjs';
import { createUser, runCleanups, STEP_MS } from './lib/parley.mjs';

let parley;

before(async () => { parley = await startConferenceServer(); });
after(runCleanups);

/**
 * Every microphone a page opens is a 440 Hz tone through a gain the page's `__tone(on)` sets: on, about -9 dBov
 * (well above the room's talking level, -25), off, silence.
 */
async function toneMicrophones(context) {
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices;
    if (!devices) return;
    const open = devices.getUserMedia.bind(devices);
    const gains = [];
    let on = false;
    window.__tone = (value) => {
      on = value;
      for (const gain of gains) gain.gain.value = on ? 0.5 : 0;
    };
    devices.getUserMedia = async (constraints = {}) => {
      const stream = await open(constraints);
      if (!constraints.audio) return stream;
      const audio = new AudioContext();
      await audio.resume();
      const oscillator = audio.createOscillator();
      oscillator.frequency.value = 440;
      const gain = audio.createGain();
      gain.gain.value = on ? 0.5 : 0;
      gains.push(gain);
      const out = audio.createMediaStreamDestination();
      oscillator.connect(gain).connect(out);
      oscillator.start();
      for (const track of stream.getAudioTracks()) {
        stream.removeTrack(track);
        track.stop();
      }
      stream.addTrack(out.stream.getAudioTracks()[0]);
      return stream;
    };
  });
}

/** Records the SDK's talking and dominant speaker events of the page's conference sessions in `window.__speakerEvents`. */
async function recordSpeakerEvents(page) {
  await page.evaluate(async () => {
    const { default: Parley } = await import('/sdk/parley.js');
    const conference = Parley.conference;
    const create = conference.createCallSession.bind(conference);
    window.__speakerEvents = [];
    conference.createCallSession = async (...args) => {
      const session = await create(...args);
      const emit = session.emit.bind(session);
      session.emit = (name, ...rest) => {
        if (name === 'onTalkingChanged' || name === 'onDominantSpeakerChanged') {
          window.__speakerEvents.push([name, ...rest.filter((arg) => arg !== session)]);
        }
        emit(name, ...rest);
      };
      return session;
    };
  });
}

async function openDemo(context, user) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${parley.base}/`, { timeout: STEP_MS });
  await submitLogIn(page, user.login, user.password);
  await waitFor(async () => (await page.getByTestId('chat-status').getAttribute('data-state')) === 'online', `${user.login} signed in`);
  await recordSpeakerEvents(page);
  return { page, name: user.login, errors, user };
}

/** What a person's meeting screen shows of someone's tile: connected, ringed (talking), large. */
function tileOf(person, userId) {
  return person.page.evaluate((id) => {
    const tile = document.querySelector(`[data-testid="conference-tile"][data-user-id="${id}"]`);
    return tile && { state: tile.dataset.state, talking: tile.dataset.talking === 'true', large: tile.dataset.featured === 'true' };
  }, userId);
}

const speakerEvents = (person) => person.page.evaluate(() => window.__speakerEvents);
const tone = (person, on) => person.page.evaluate((value) => window.__tone(value), on);

test('the room\'s talking and dominant speaker events reach the SDK and move the demo\'s ring and large tile', { timeout: 150_000 }, async () => {
  const [a, b, c] = await Promise.all(['alice', 'bob', 'carol'].map((login) => createUser(parley, `${login}-${Date.now().toString(36)}`)));
  const meeting = await createMeeting(parley, a, [b, c], 'Talking');
  const closers = [];
  const context = await launchBrowser(closers);
  await smallCameras(context);
  await toneMicrophones(context);
  const people = [];
  try {
    for (const user of [a, b, c]) people.push(await openDemo(context, user));
    const [alice, bob, carol] = people;
    for (const person of people) {
      await person.page.goto(`${parley.base}/#meeting=${meeting._id}`);
      await visible(person.page, 'conference-screen', CONFERENCE_STEP_MS);
    }
    for (const person of people) {
      for (const other of people.filter((p) => p !== person)) {
        await waitFor(async () => (await tileOf(person, other.user.id))?.state === 'connected',
          `${person.name} receives ${other.name}`, CONFERENCE_STEP_MS);
      }
    }
    assert.deepEqual(await speakerEvents(alice), [], 'nobody talks in silence');

    // Bob talks: Alice's and Carol's SDK hear it, and their screens ring his tile and show it large.
    await tone(bob, true);
    for (const person of [alice, carol]) {
      await waitFor(async () => {
        const events = await speakerEvents(person);
        return events.some(([n, id, talking]) => n === 'onTalkingChanged' && id === b.id && talking)
          && events.some(([n, id]) => n === 'onDominantSpeakerChanged' && id === b.id);
      }, `${person.name}'s SDK hears Bob talk and take the floor`, CONFERENCE_STEP_MS);
      await waitFor(async () => {
        const tile = await tileOf(person, b.id);
        return tile.talking && tile.large;
      }, `${person.name} sees Bob's tile ringed and large`, CONFERENCE_STEP_MS);
    }

    // Bob falls silent and Carol talks: the floor moves to her, and Bob's ring goes.
    await tone(bob, false);
    await tone(carol, true);
    for (const person of [alice, bob]) {
      await waitFor(async () => {
        const tile = await tileOf(person, c.id);
        return tile.talking && tile.large;
      }, `${person.name} sees Carol's tile ringed and large`, CONFERENCE_STEP_MS);
    }
    await waitFor(async () => !(await tileOf(alice, b.id)).talking && !(await tileOf(alice, b.id)).large,
      'Alice sees Bob\'s ring go and his tile small', CONFERENCE_STEP_MS);
    const heard = (await speakerEvents(alice)).filter(([, id]) => id !== a.id);
    assert.deepEqual(heard.filter(([n]) => n === 'onDominantSpeakerChanged'),
      [['onDominantSpeakerChanged', b.id], ['onDominantSpeakerChanged', c.id]], 'Alice hears the floor change twice');
    assert.ok(heard.some(([n, id, talking]) => n === 'onTalkingChanged' && id === b.id && talking === false), 'Alice hears Bob stop');
    for (const person of people) assert.deepEqual(person.errors, [], `${person.name}: page errors`);
  } catch (error) {
    for (const person of people) {
      const tiles = await person.page.evaluate(() => [...document.querySelectorAll('.conference-tile')]
        .map((t) => `${t.dataset.userId}:${t.dataset.state}:talking=${t.dataset.talking}:large=${t.dataset.featured}`)).catch(() => []);
      const events = await speakerEvents(person).catch(() => null);
      error.message += `\n${await describeDemo(person)} tiles ${JSON.stringify(tiles)} sdk ${JSON.stringify(events)}`;
    }
    throw error;
  } finally {
    for (const close of closers.reverse()) await close();
  }
});
