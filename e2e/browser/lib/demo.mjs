// Drives the demo app (sdk-js/demo, served at /) through its UI as a person would: typing into the
// forms and clicking the buttons, found by their data-testid. Shared by demo.test.mjs and
// screenshot.mjs. Every wait is bounded by STEP_MS unless told otherwise.
import { waitFor } from './browsers.mjs';
import { STEP_MS } from './parley.mjs';

/**
 * Makes every camera the pages of a browser open 320x240, whatever the demo asks (640x480): two cores decode
 * a meeting's feeds at the smaller size. @param {import('playwright-core').BrowserContext} context
 */
export async function smallCameras(context) {
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices;
    if (!devices) return;
    const open = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints = {}) => open(constraints.video
      ? { ...constraints, video: { ...(typeof constraints.video === 'object' ? constraints.video : {}), width: 320, height: 240 } }
      : constraints);
  });
}

/** A fresh person for the demo: login, password and full name. @param {string} first */
export function newPerson(first) {
  const suffix = Math.random().toString(36).slice(2, 8);
  return { fullName: `${first} ${suffix.toUpperCase()}`, login: `${first.toLowerCase()}-${suffix}`, password: `pw-${suffix}-secret` };
}

/** Waits until the element with that test id is visible. @param {import('playwright-core').Page} page */
export async function visible(page, testId, ms = STEP_MS) {
  await page.getByTestId(testId).first().waitFor({ state: 'visible', timeout: ms });
}

/** Signs up through the form; the demo then logs in and shows the contacts. */
export async function signUp(page, person) {
  await visible(page, 'auth-screen');
  await page.getByTestId('signup-tab').click();
  await page.getByTestId('fullname-input').fill(person.fullName);
  await page.getByTestId('login-input').fill(person.login);
  await page.getByTestId('password-input').fill(person.password);
  await page.getByTestId('auth-submit').click();
  await visible(page, 'contacts-screen');
}

/** The text of each notice shown now. @param {import('playwright-core').Page} page */
export function notices(page) {
  return page.getByTestId('notice').allTextContents();
}

/** Fills and sends the log-in form (the outcome is for the caller to check). */
export async function submitLogIn(page, login, password) {
  await visible(page, 'auth-screen');
  await page.getByTestId('login-tab').click();
  await page.getByTestId('login-input').fill(login);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('auth-submit').click();
}

/** The contacts row of a login, once the list shows it (the list is polled every 5 s). */
export async function contactRow(page, login, ms = STEP_MS) {
  const row = page.locator(`[data-testid="contact"][data-login="${login}"]`);
  await row.waitFor({ state: 'visible', timeout: ms });
  return row;
}

/** Selects the people and starts a call of that kind ('video' or 'audio'). */
export async function call(page, logins, kind = 'video') {
  for (const login of logins) {
    const row = await contactRow(page, login);
    await waitFor(async () => (await row.getAttribute('data-online')) === 'true', `${login} shown online`);
    await row.getByTestId('contact-checkbox').check();
  }
  await page.getByTestId(`${kind}-call-button`).click();
  await visible(page, 'call-screen');
}

/** Accepts the incoming call once the dialog shows it; returns the caller's name as shown. */
export async function acceptIncoming(page) {
  await visible(page, 'incoming-call');
  const caller = await page.getByTestId('incoming-caller').textContent();
  await page.getByTestId('accept-call-button').click();
  await visible(page, 'call-screen');
  return caller;
}

/**
 * What the remote tile of a user shows: state, frames played by its <video>, its bitrate meter, its
 * <audio>, and which of the video, the avatar and the muted/camera-off icons are visible.
 */
export function remoteTile(page, userId) {
  return page.evaluate((id) => {
    const tile = document.querySelector(`[data-testid="remote-tile"][data-user-id="${id}"]`);
    if (!tile) return null;
    const video = tile.querySelector('video');
    const audio = tile.querySelector('audio');
    const box = video?.getBoundingClientRect();
    const seen = (selector) => Boolean(tile.querySelector(selector)?.checkVisibility());
    return {
      videoShown: seen('video'),
      avatarShown: seen(':scope > .avatar'),
      micMutedIcon: seen('[data-testid="mic-off-flag"]'),
      cameraOffIcon: seen('[data-testid="camera-off-flag"]'),
      shown: { width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0) },
      state: tile.dataset.state,
      frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      width: video?.videoWidth ?? 0,
      kbps: Number(tile.querySelector('[data-testid="bitrate-meter"]')?.dataset.kbps ?? 0),
      micLevel: Number(tile.querySelector('[data-testid="mic-meter"]')?.getAttribute('aria-valuenow') ?? 0),
      audioPlaying: Boolean(audio?.srcObject && !audio.paused && audio.srcObject.getAudioTracks().length > 0),
    };
  }, userId);
}

/** The user id of the only remote tile (the other side of a 1:1 call). */
export async function onlyRemoteId(page) {
  return waitFor(() => page.evaluate(() => {
    const tiles = document.querySelectorAll('[data-testid="remote-tile"]');
    return tiles.length === 1 ? Number(tiles[0].dataset.userId) : null;
  }), 'one remote tile');
}

/** Where a demo page stands (screen, notices, auth error, page errors), for failure messages. */
export async function describeDemo({ page, name, errors }) {
  const state = await page.evaluate(() => ({
    screen: document.getElementById('app')?.dataset.screen,
    phase: document.getElementById('call-screen')?.dataset.phase,
    chat: document.getElementById('chat-status')?.dataset.state,
    tiles: [...document.querySelectorAll('[data-testid="remote-tile"]')].map((t) => `${t.dataset.userId}:${t.dataset.state}`),
    notices: [...document.querySelectorAll('[data-testid="notice"]')].map((n) => n.textContent),
    authError: document.getElementById('auth-error')?.textContent,
  })).catch((error) => ({ unreadable: error.message }));
  return `${name}: ${JSON.stringify({ ...state, errors })}`;
}
