// The demo app (sdk-js/demo, served by the server at /) driven through its UI in Chromiums with fake
// cameras: sign-up and log-in, the log-in error, the form cleared between its tabs, no guests among the
// contacts, a 1:1 video call from the contacts list with video playing and the meters moving on both
// sides, the other side's muted microphone and camera off shown on its tile, friendly device names,
// hang-up back to the contacts, a reload that stays signed in, notices gone at log-out, the favicon,
// and a page served over plain HTTP off localhost (no secure context): it still signs in and connects,
// and says that calls need HTTPS, with a link there. Runs inside scripts/netns-run (see calls.test.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitFor } from './lib/browsers.mjs';
import {
  acceptIncoming, call, contactRow, describeDemo, newPerson, notices, onlyRemoteId, remoteTile, signUp, submitLogIn, visible,
} from './lib/demo.mjs';
import { cleanUpEachTest, createUser, rest, runCleanups, startParley } from './lib/parley.mjs';

/** The test namespace's own address (scripts/netns-run): a page from it over plain HTTP is not a secure context. */
const NAMESPACE_ADDRESS = process.env.PARLEY_ADDR_A ?? '198.18.0.1';

let parley;

before(async () => { parley = await startParley(); });
after(runCleanups);
cleanUpEachTest();

test('log-in with a wrong password says so and stays on the form', { timeout: 60_000 }, async () => {
  const user = await createUser(parley, `carol-${Date.now().toString(36)}`);
  const { page, errors } = await openPage(`${parley.base}/`, { name: 'carol' });
  await submitLogIn(page, user.login, `${user.password}-wrong`);
  await visible(page, 'auth-error');
  assert.match(await page.getByTestId('auth-error').textContent(), /wrong login or password/i);
  assert.ok(await page.getByTestId('auth-screen').isVisible(), 'still on the log-in form');
  await submitLogIn(page, user.login, user.password);
  await visible(page, 'contacts-screen');
  assert.equal(await page.getByTestId('current-user').textContent(), user.login[0].toUpperCase() + user.login.slice(1));
  assert.deepEqual(errors, []);
});

/**
 * Signs Alice and Bob up in two browsers and has Alice video-call Bob; resolves once each sees the
 * other's video playing.
 */
async function videoCall() {
  const [alicePerson, bobPerson] = [newPerson('Alice'), newPerson('Bob')];
  const [alice, bob] = await Promise.all([
    openPage(`${parley.base}/`, { name: 'alice' }), openPage(`${parley.base}/`, { name: 'bob' }),
  ]);
  try {
    await signUp(alice.page, alicePerson);
    await signUp(bob.page, bobPerson);
    assert.equal(await alice.page.getByTestId('current-user').textContent(), alicePerson.fullName);
    await waitFor(async () => (await bob.page.getByTestId('chat-status').getAttribute('data-state')) === 'online', 'bob online');

    // Bob signed up after Alice loaded her list: he appears at the next poll.
    await call(alice.page, [bobPerson.login], 'video');
    await visible(alice.page, 'outgoing-panel');
    assert.equal(await acceptIncoming(bob.page), alicePerson.fullName);
    const bobId = await onlyRemoteId(alice.page);
    const aliceId = await onlyRemoteId(bob.page);
    for (const [who, page, otherId] of [['alice', alice.page, bobId], ['bob', bob.page, aliceId]]) {
      await waitFor(async () => {
        const tile = await remoteTile(page, otherId);
        return tile?.state === 'connected' && tile.frames > 0;
      }, `${who} sees the other's video playing`);
    }
    return { alice, bob, alicePerson, bobPerson, aliceId, bobId };
  } catch (error) {
    error.message += `\n${await describeDemo(alice)}\n${await describeDemo(bob)}`;
    throw error;
  }
}

test('video call through the UI: ring, accept, video and meters on both sides, hang up', { timeout: 120_000 }, async () => {
  const { alice, bob, alicePerson, aliceId, bobId } = await videoCall();
  try {
    for (const [who, page, otherId] of [['alice', alice.page, bobId], ['bob', bob.page, aliceId]]) {
      const first = await remoteTile(page, otherId);
      const later = await waitFor(async () => {
        const tile = await remoteTile(page, otherId);
        return tile.frames >= first.frames + 10 && tile.kbps > 0 ? tile : null;
      }, `${who}: frames keep coming and the bitrate meter shows them`);
      assert.ok(later.width > 0, `${who}: the remote video has a size`);
      assert.ok(later.shown.width >= 320 && later.shown.height >= 240, `${who}: the remote video fills its tile (${JSON.stringify(later.shown)})`);
      assert.ok(later.audioPlaying, `${who}: the remote audio plays through its <audio> element`);
      assert.ok(later.videoShown && !later.avatarShown && !later.micMutedIcon && !later.cameraOffIcon, `${who}: video, no avatar, no icons`);
      assert.match(await page.getByTestId('call-timer').textContent(), /^\d\d:\d\d$/);
    }

    await alice.page.getByTestId('hangup-button').click();
    // Notices fade after 6 s: look for Bob's before anything else.
    await waitFor(async () => (await notices(bob.page)).some((text) => text.includes(`${alicePerson.fullName} left the call`)),
      'bob is told alice hung up');
    await visible(alice.page, 'contacts-screen');
    await visible(bob.page, 'contacts-screen');

    // A reload keeps Bob signed in (the session token is in sessionStorage); logging out ends it.
    await bob.page.reload({ timeout: 15_000 });
    await visible(bob.page, 'contacts-screen');
    await bob.page.getByTestId('logout-button').click();
    await visible(bob.page, 'auth-screen');
  } catch (error) {
    error.message += `\n${await describeDemo(alice)}\n${await describeDemo(bob)}`;
    throw error;
  }
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});

test('the other side mutes: its tile shows the avatar and the muted and camera-off icons, then video again', { timeout: 120_000 }, async () => {
  const { alice, bob, bobId } = await videoCall();
  try {
    await bob.page.getByTestId('toggle-camera').click();
    await bob.page.getByTestId('toggle-mic').click();
    const muted = await waitFor(async () => {
      const tile = await remoteTile(alice.page, bobId);
      return tile.cameraOffIcon && tile.micMutedIcon ? tile : null;
    }, 'alice sees that bob turned his camera off and muted his microphone');
    assert.ok(muted.avatarShown && !muted.videoShown, `the avatar in place of the (black) video: ${JSON.stringify(muted)}`);

    await bob.page.getByTestId('toggle-mic').click();
    await waitFor(async () => !(await remoteTile(alice.page, bobId)).micMutedIcon, 'the muted icon goes when bob unmutes');
    assert.ok((await remoteTile(alice.page, bobId)).cameraOffIcon, 'the camera is still off');
    await bob.page.getByTestId('toggle-camera').click();
    const back = await waitFor(async () => {
      const tile = await remoteTile(alice.page, bobId);
      return tile.videoShown && !tile.avatarShown && !tile.cameraOffIcon ? tile : null;
    }, 'bob\'s video is back on alice\'s tile');
    await waitFor(async () => (await remoteTile(alice.page, bobId)).frames >= back.frames + 10, 'and it plays');

    // The fake cameras are labelled fake_device_0..2: the picker names them as a person would.
    await bob.page.getByTestId('toggle-devices').click();
    await waitFor(async () => (await bob.page.getByTestId('camera-select').locator('option').count()) === 3, 'three cameras listed');
    assert.deepEqual(await bob.page.getByTestId('camera-select').locator('option').allTextContents(), ['Camera 1', 'Camera 2', 'Camera 3']);
    assert.ok((await bob.page.getByTestId('mic-select').locator('option').allTextContents()).every((label) => label.length > 0));
  } catch (error) {
    error.message += `\n${await describeDemo(alice)}\n${await describeDemo(bob)}`;
    throw error;
  }
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});

test('a notice of the last call (declined) is gone once the caller logs out', { timeout: 120_000 }, async () => {
  const [carlaPerson, danPerson] = [newPerson('Carla'), newPerson('Dan')];
  const [carla, dan] = await Promise.all([openPage(`${parley.base}/`, { name: 'carla' }), openPage(`${parley.base}/`, { name: 'dan' })]);
  await signUp(dan.page, danPerson);
  await signUp(carla.page, carlaPerson);
  await call(carla.page, [danPerson.login], 'audio');
  await visible(dan.page, 'incoming-call');
  await dan.page.getByTestId('decline-call-button').click();
  await waitFor(async () => (await notices(carla.page)).some((text) => text.includes('declined the call')), 'carla is told dan declined');
  await visible(carla.page, 'contacts-screen');
  await carla.page.getByTestId('logout-button').click();
  await visible(carla.page, 'auth-screen');
  assert.deepEqual(await notices(carla.page), [], 'no notice of the previous account is left');
  assert.deepEqual(carla.errors, []);
  assert.deepEqual(dan.errors, []);
});

test('switching between log-in and sign-up clears the form', { timeout: 60_000 }, async () => {
  const { page, errors } = await openPage(`${parley.base}/`, { name: 'erin' });
  await visible(page, 'auth-screen');
  await page.getByTestId('signup-tab').click();
  await page.getByTestId('fullname-input').fill('Erin Example');
  await page.getByTestId('login-input').fill('erin');
  await page.getByTestId('password-input').fill('erin-secret-1');
  await page.getByTestId('login-tab').click();
  assert.deepEqual([await page.getByTestId('login-input').inputValue(), await page.getByTestId('password-input').inputValue()], ['', '']);
  await page.getByTestId('login-input').fill('erin');
  await page.getByTestId('password-input').fill('erin-secret-2');
  await page.getByTestId('signup-tab').click();
  assert.deepEqual(await Promise.all(['fullname-input', 'login-input', 'password-input'].map((id) => page.getByTestId(id).inputValue())),
    ['', '', '']);
  assert.deepEqual(errors, []);
});

test('guests are not listed as contacts; the favicon is served', { timeout: 60_000 }, async () => {
  const { application_id, auth_key } = parley.app;
  const { session: guest } = await rest(parley.base, 'POST', '/session', {
    body: { application_id, auth_key, user: { guest: '1', full_name: 'Visiting Guest' } },
  });
  assert.match(guest.user.login, /^guest_login_/);
  const [frank, colleague] = [await createUser(parley, `frank-${Date.now().toString(36)}`), await createUser(parley, `gina-${Date.now().toString(36)}`)];
  const { page, errors } = await openPage(`${parley.base}/`, { name: 'frank' });
  await submitLogIn(page, frank.login, frank.password);
  await visible(page, 'contacts-screen');
  await contactRow(page, colleague.login);
  const logins = await page.getByTestId('contact').evaluateAll((rows) => rows.map((row) => row.dataset.login));
  assert.ok(logins.length > 0 && !logins.some((login) => login.startsWith('guest_login_')), `no guest among ${logins}`);
  assert.ok(!(await page.getByTestId('contact-list').textContent()).includes('Visiting Guest'));

  const icons = await page.evaluate(async () => Promise.all(['/favicon.ico', ...[...document.querySelectorAll('link[rel~="icon"]')].map((l) => l.href)]
    .map(async (href) => { const r = await fetch(href); return [href, r.status, r.headers.get('content-type')]; })));
  assert.equal(icons.length, 3);
  for (const [href, status, type] of icons) {
    assert.equal(status, 200, href);
    assert.match(type, /^image\//, href);
  }
  assert.deepEqual(errors, []);
});

test('over plain HTTP off localhost the demo signs up, logs in and connects, says calls need HTTPS and links there', { timeout: 120_000 }, async () => {
  const server = await startParley({ host: NAMESPACE_ADDRESS, https: true });
  const secureUrl = `https://${NAMESPACE_ADDRESS}:${server.httpsPort}/`;
  const [doraPerson, ezraPerson] = [newPerson('Dora'), newPerson('Ezra')];
  const dora = await openPage(`${server.base}/`, { name: 'dora' });
  const ezra = await openPage(secureUrl, { name: 'ezra' });
  try {
    assert.equal(await dora.page.evaluate(() => window.isSecureContext), false, 'the page is not a secure context');
    await visible(dora.page, 'insecure-notice');
    assert.match(await dora.page.getByTestId('insecure-notice').textContent(), /Calls need a secure connection/);
    assert.equal(await dora.page.getByTestId('https-link').getAttribute('href'), secureUrl);

    await signUp(dora.page, doraPerson);
    await waitFor(async () => (await dora.page.getByTestId('chat-status').getAttribute('data-state')) === 'online', 'dora online');
    await visible(dora.page, 'insecure-notice');
    await dora.page.getByTestId('logout-button').click();
    await submitLogIn(dora.page, doraPerson.login, doraPerson.password);
    await visible(dora.page, 'contacts-screen');
    await waitFor(async () => (await dora.page.getByTestId('chat-status').getAttribute('data-state')) === 'online', 'dora online again');

    // Ezra, on the HTTPS page, calls Dora: her page rings but cannot answer, and says where to.
    assert.equal(await ezra.page.evaluate(() => window.isSecureContext), true);
    await signUp(ezra.page, ezraPerson);
    assert.ok(!(await ezra.page.getByTestId('insecure-notice').isVisible()), 'no notice on the secure page');
    const row = await contactRow(dora.page, ezraPerson.login);
    await row.getByTestId('contact-checkbox').check();
    assert.ok(await dora.page.getByTestId('video-call-button').isDisabled(), 'dora cannot start a call');
    await call(ezra.page, [doraPerson.login], 'video');
    await visible(dora.page, 'incoming-call');
    assert.ok(await dora.page.getByTestId('accept-call-button').isDisabled());
    assert.equal(await dora.page.getByTestId('incoming-note').locator('a').getAttribute('href'), secureUrl);
    await dora.page.getByTestId('decline-call-button').click();
    await waitFor(async () => (await notices(ezra.page)).some((text) => text.includes('declined the call')), 'ezra is told');

    // The link leads to the same demo as a secure page.
    await dora.page.getByTestId('https-link').click();
    await dora.page.waitForURL(secureUrl, { timeout: 15_000 });
    assert.equal(await dora.page.evaluate(() => window.isSecureContext), true);
    await visible(dora.page, 'auth-screen');
    assert.ok(!(await dora.page.getByTestId('insecure-notice').isVisible()));
  } catch (error) {
    error.message += `\n${await describeDemo(dora)}\n${await describeDemo(ezra)}`;
    throw error;
  }
  assert.deepEqual(dora.errors, []);
  assert.deepEqual(ezra.errors, []);
});

test('over plain HTTP off localhost with HTTPS turned off, the demo says so and links nowhere', { timeout: 60_000 }, async () => {
  const server = await startParley({ host: NAMESPACE_ADDRESS });
  const { page, errors } = await openPage(`${server.base}/`, { name: 'hal' });
  await visible(page, 'insecure-notice');
  assert.match(await page.getByTestId('insecure-notice').textContent(), /This server has HTTPS turned off/);
  assert.ok(!(await page.getByTestId('https-link').isVisible()));
  assert.deepEqual(errors, []);
});
