// The demo app's own push (sdk-js/demo/push-worker.js, js/call-push.js) in Chromium with notifications allowed,
// against a server that pushes calls itself (parley.push.call-push): the demo registers its service worker and
// tries to subscribe (Chromium's push service is out of reach here, so it says so and keeps working), and log-out
// deletes this browser's subscriptions. A callee who closed the demo gets the server's real call push (through a
// push service of the test that decrypts it, see lib/push-service.mjs), handed to the worker with the DevTools
// protocol: the worker shows the incoming call with the caller's name, replaces it with a missed call at the
// "end call" push, declines over HTTP, and Answer opens the demo, which signs in from the kept account and
// accepts the caller's re-dial; with a signed-out demo window open, Answer tells that window, which accepts the
// call once the user logs in. Runs inside scripts/netns-run (see calls.test.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, waitFor } from './lib/browsers.mjs';
import { contactRow, describeDemo, newPerson, notices, onlyRemoteId, remoteTile, signUp, submitLogIn, visible } from './lib/demo.mjs';
import { cleanUpEachTest, rest, runCleanups, sleep, STEP_MS, startParley } from './lib/parley.mjs';
import { startPushService } from './lib/push-service.mjs';

let parley;
let pushService;

before(async () => {
  parley = await startParley({ env: { PARLEY_PUSH_CALL_PUSH: 'true', PARLEY_PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' } });
  pushService = await startPushService();
});
after(runCleanups);
cleanUpEachTest();

/** A Chromium whose pages of the server's origin may show notifications, as if the user had allowed them. */
async function browserWithNotifications() {
  const context = await launchBrowser(undefined, { persistent: true }); // the Push API is off in non-persistent contexts
  await context.grantPermissions(['notifications'], { origin: parley.base });
  return context;
}

/** Opens the demo in the browser and signs the person up, kept signed in on this browser when `keep`. */
async function openDemo(context, person, { keep = false } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${parley.base}/`, { timeout: STEP_MS });
  if (person) {
    await visible(page, 'auth-screen');
    await page.getByTestId('signup-tab').click();
    if (keep) await page.getByTestId('keep-signed-in').check();
    await signUp(page, person);
  }
  return { page, name: person?.login ?? 'demo', errors };
}

/** The account the demo keeps ({token, userId}), from sessionStorage or localStorage. */
function keptAccount(page) {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('parley.demo.account') ?? localStorage.getItem('parley.demo.account')));
}

/** Registers a subscription of the test's push service for the user, under that udid. */
function subscribeToTestService(token, udid) {
  const keys = pushService.subscription(udid);
  return rest(parley.base, 'POST', '/subscriptions', {
    token,
    body: {
      notification_channel: 'web',
      push_token: { client_identification_sequence: keys.endpoint, web_endpoint: keys.endpoint, web_auth: keys.auth, web_p256dh: keys.p256dh },
      device: { platform: 'web', udid },
    },
  });
}

/** The first push the server sent to the test's push service under that udid whose `data` fits: {text, data}. */
async function pushed(udid, fits, what) {
  const message = await waitFor(() => pushService.messages.find((m) => m.name === udid && !m.error && fits(JSON.parse(m.text).data)), what);
  return { text: message.text, data: JSON.parse(message.text).data };
}

/** The start push of a call not among `seen`. */
function newCallPushed(udid, seen) {
  return pushed(udid, (data) => data.signal_type === 'startCall' && !seen.includes(data.session_id), 'the server pushes the new call');
}

/** The notifications the demo's worker shows now, read from a page of the origin. */
function shownNotifications(probe) {
  return probe.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration('/');
    return (await registration.getNotifications()).map((n) => ({
      title: n.title, body: n.body, tag: n.tag, data: n.data, actions: n.actions.map((a) => a.action),
    }));
  });
}

/**
 * Hands a push message to the demo's service worker, as Chromium does with one from its push service. The command
 * returns before the worker handles it; reading the notifications while the worker shows one can lose it (Chromium's
 * getNotifications drops from its database those not displayed yet), so the worker is given a moment first.
 */
async function deliverPush(cdp, registrationId, text) {
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: parley.base, registrationId, data: text });
  await sleep(1000);
}

/** Chromium's id of the worker registration whose scope is the demo, through ServiceWorker.enable's events. */
async function registrationIdOf(cdp) {
  const registrations = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  const found = await waitFor(() => registrations.find((r) => r.scopeURL === `${parley.base}/` && !r.isDeleted), 'the demo\'s worker registration');
  return found.registrationId;
}

/** The running push worker, for calling its click handler as Chromium calls it when a notification is clicked. */
function pushWorker(context) {
  return waitFor(() => context.serviceWorkers().find((w) => w.url() === `${parley.base}/push-worker.js`), 'the push worker running');
}

/**
 * Calls the worker's notificationclick handler for the notification with that tag; resolves with the windows it
 * asked to open, as {url, opened}: outside a real click Chromium refuses (`opened` false), and the test opens the URL.
 */
async function clickNotification(context, tag, action) {
  const worker = await pushWorker(context);
  return worker.evaluate(async ({ tag: wanted, action: chosen }) => {
    const [notification] = await self.registration.getNotifications({ tag: wanted });
    if (!notification) throw new Error(`no notification ${wanted}`);
    const opened = [];
    const open = self.clients.openWindow.bind(self.clients);
    self.clients.openWindow = async (url) => {
      const client = await open(url).catch(() => null);
      opened.push({ url, opened: Boolean(client) });
      return client;
    };
    try {
      await self.onNotificationClick(notification, chosen);
    } finally {
      delete self.clients.openWindow;
    }
    return opened;
  }, { tag, action });
}

/** Selects someone (online or not) in the contacts and starts a video call. */
async function callFromContacts(page, login) {
  const row = await contactRow(page, login);
  await row.getByTestId('contact-checkbox').check();
  await page.getByTestId('video-call-button').click();
  await visible(page, 'call-screen');
}

test('the demo registers its worker and tries to subscribe; without a push service it says so and keeps working; log-out deletes its subscriptions', { timeout: 90_000 }, async () => {
  const context = await browserWithNotifications();
  const person = newPerson('Dora');
  const demo = await openDemo(context, person);
  try {
    const worker = await waitFor(() => demo.page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))?.active?.scriptURL),
      'the push worker registered and active');
    assert.equal(worker, `${parley.base}/push-worker.js`);
    const state = await waitFor(async () => {
      const value = await demo.page.getByTestId('contacts-screen').evaluate(() => document.getElementById('topbar').dataset.push);
      return value === 'on' || value === 'failed' ? value : null;
    }, 'the demo subscribed or gave up');
    const { token, userId } = await keptAccount(demo.page);
    const udid = await demo.page.evaluate(() => localStorage.getItem('parley.demo.push-udid'));
    assert.match(udid, /^[0-9a-f-]{36}$/);
    const mine = async (session) => (await rest(parley.base, 'GET', '/subscriptions', { token: session }))
      .filter(({ subscription: s }) => s.device.udid === udid && s.notification_channel.name === 'web');
    if (state === 'on') {
      assert.equal((await mine(token)).length, 1, 'the browser\'s subscription is on the server');
    } else {
      assert.ok((await notices(demo.page)).some((text) => text.startsWith('Calls will not reach this browser while the demo is closed:')),
        `a notice says why: ${await notices(demo.page)}`);
      assert.equal((await mine(token)).length, 0);
      assert.equal(await demo.page.getByTestId('chat-status').getAttribute('data-state'), 'online', 'still connected');
    }

    // Whatever the browser's push service did, a subscription under this browser's udid goes at log-out.
    await subscribeToTestService(token, udid);
    assert.equal((await mine(token)).length, 1);
    await demo.page.getByTestId('logout-button').click();
    await visible(demo.page, 'auth-screen');
    const { session } = await rest(parley.base, 'POST', '/session', {
      body: { application_id: parley.app.application_id, auth_key: parley.app.auth_key, user: { login: person.login, password: person.password } },
    });
    assert.equal(session.user_id, userId);
    assert.deepEqual(await mine(session.token), [], 'no subscription of this browser is left');
  } catch (error) {
    error.message += `\n${await describeDemo(demo)}`;
    throw error;
  }
  assert.deepEqual(demo.errors, []);
});

test('a call to a closed demo: the pushed call shows, a missed call replaces it, Decline rejects over HTTP, Answer opens the demo and accepts', { timeout: 180_000 }, async () => {
  const [alicePerson, bobPerson] = [newPerson('Alice'), newPerson('Bob')];
  const bobBrowser = await browserWithNotifications();
  const bobDemo = await openDemo(bobBrowser, bobPerson, { keep: true });
  const alice = await openDemo(await launchBrowser(), alicePerson);
  let bob = bobDemo;
  try {
    await waitFor(() => bobDemo.page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration('/'))?.active)), 'bob\'s worker active');
    const { token: bobToken, userId: bobId } = await keptAccount(bobDemo.page);
    const { userId: aliceId } = await keptAccount(alice.page);
    const udid = `test-push-service-${bobPerson.login}`;
    await subscribeToTestService(bobToken, udid);

    // Bob closes the demo: he has no chat connection, so the server pushes the calls to him.
    const cdp = await bobBrowser.newCDPSession(await bobBrowser.newPage());
    await bobDemo.page.close();
    const registrationId = await registrationIdOf(cdp);
    // A page of the origin that is not the demo, to read the notifications from.
    const probe = await bobBrowser.newPage();
    await probe.goto(`${parley.base}/app-config.json`, { timeout: STEP_MS });

    // 1. Alice calls and gives up: the incoming call shows, then the missed call replaces it.
    await callFromContacts(alice.page, bobPerson.login);
    const first = await newCallPushed(udid, []);
    assert.equal(first.data.caller_id, aliceId);
    assert.equal(first.data.call_type, 1);
    assert.equal(first.data.call_opponents, String(bobId));
    await deliverPush(cdp, registrationId, first.text);
    const tag = `call-${first.data.session_id}`;
    const incoming = await waitFor(async () => (await shownNotifications(probe)).find((n) => n.tag === tag), 'the incoming-call notification');
    assert.deepEqual(incoming, {
      title: alicePerson.fullName, body: 'Incoming video call', tag, actions: ['answer', 'decline'],
      data: { kind: 'incoming', sessionId: first.data.session_id, callerId: aliceId, callType: 1 },
    });
    await alice.page.getByTestId('hangup-button').click();
    await visible(alice.page, 'contacts-screen');
    const ended = await pushed(udid, (data) => data.signal_type === 'endCall' && data.session_id === first.data.session_id,
      'the server pushes the end of the call');
    await deliverPush(cdp, registrationId, ended.text);
    const missed = await waitFor(async () => {
      const shown = (await shownNotifications(probe)).filter((n) => n.tag === tag);
      return shown.length === 1 && shown[0].data.kind === 'missed' ? shown[0] : null;
    }, 'the missed call in place of the incoming one');
    assert.equal(missed.title, 'Missed call');
    assert.equal(missed.body, `${alicePerson.fullName} called you.`);

    // 2. Alice calls again; Decline on the notification rejects the call over HTTP, and Alice is told.
    await callFromContacts(alice.page, bobPerson.login);
    const second = await newCallPushed(udid, [first.data.session_id]);
    await deliverPush(cdp, registrationId, second.text);
    const secondTag = `call-${second.data.session_id}`;
    await waitFor(async () => (await shownNotifications(probe)).some((n) => n.tag === secondTag && n.data.kind === 'incoming'), 'the second call shown');
    assert.deepEqual(await clickNotification(bobBrowser, secondTag, 'decline'), [], 'Decline opens no window');
    await waitFor(async () => (await notices(alice.page)).some((text) => text.includes(`${bobPerson.fullName} declined the call`)),
      'alice is told bob declined');
    await visible(alice.page, 'contacts-screen');
    assert.deepEqual((await shownNotifications(probe)).filter((n) => n.tag === secondTag), [], 'the declined call\'s notification is gone');

    // 3. Alice calls once more; Answer opens the demo, signed in from the kept account, which accepts her re-dial.
    await callFromContacts(alice.page, bobPerson.login);
    const third = await newCallPushed(udid, [first.data.session_id, second.data.session_id]);
    await deliverPush(cdp, registrationId, third.text);
    const thirdTag = `call-${third.data.session_id}`;
    await waitFor(async () => (await shownNotifications(probe)).some((n) => n.tag === thirdTag), 'the third call shown');
    const pagesBefore = bobBrowser.pages().length;
    const [opened, ...more] = await clickNotification(bobBrowser, thirdTag, 'answer');
    assert.equal(opened.url, `/#answer=${third.data.session_id}`);
    assert.deepEqual(more, []);
    let page;
    if (opened.opened) {
      page = await waitFor(() => bobBrowser.pages()[pagesBefore], 'the window the worker opened');
    } else {
      page = await bobBrowser.newPage(); // what Chromium does with a real click
      await page.goto(`${parley.base}${opened.url}`, { timeout: STEP_MS });
    }
    bob = { page, name: 'bob (opened by the notification)', errors: [] };
    page.on('pageerror', (error) => bob.errors.push(error.message));
    await visible(page, 'call-screen', 30_000);
    assert.equal(await onlyRemoteId(page), aliceId);
    assert.equal(await onlyRemoteId(alice.page), bobId);
    for (const [who, on, otherId] of [['alice', alice.page, bobId], ['bob', page, aliceId]]) {
      await waitFor(async () => {
        const tile = await remoteTile(on, otherId);
        return tile?.state === 'connected' && tile.frames > 0;
      }, `${who} sees the other's video playing`);
    }
    assert.equal(new URL(page.url()).hash, '', 'the answered call is taken out of the address');
  } catch (error) {
    error.message += `\n${await describeDemo(alice)}\n${await describeDemo(bob).catch(() => 'bob: closed')}`;
    throw error;
  }
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});

test('Answer while the demo is open but signed out: the window is told, and accepts the call once the user logs in', { timeout: 120_000 }, async () => {
  const [alicePerson, carolPerson] = [newPerson('Alice'), newPerson('Carol')];
  const carolBrowser = await browserWithNotifications();
  const carol = await openDemo(carolBrowser, carolPerson);
  const alice = await openDemo(await launchBrowser(), alicePerson);
  try {
    await waitFor(() => carol.page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration('/'))?.active)), 'carol\'s worker active');
    const { userId: carolId } = await keptAccount(carol.page);
    const { userId: aliceId } = await keptAccount(alice.page);
    await carol.page.getByTestId('logout-button').click();
    await visible(carol.page, 'auth-screen');
    // Subscribed to the test's push service from elsewhere (log-out deleted this browser's subscriptions).
    const { session } = await rest(parley.base, 'POST', '/session', {
      body: { application_id: parley.app.application_id, auth_key: parley.app.auth_key, user: { login: carolPerson.login, password: carolPerson.password } },
    });
    const udid = `test-push-service-${carolPerson.login}`;
    await subscribeToTestService(session.token, udid);
    const cdp = await carolBrowser.newCDPSession(carol.page);
    const registrationId = await registrationIdOf(cdp);

    await callFromContacts(alice.page, carolPerson.login);
    const call = await newCallPushed(udid, []);
    assert.equal(call.data.caller_id, aliceId);
    await deliverPush(cdp, registrationId, call.text);
    const tag = `call-${call.data.session_id}`;
    const shown = await waitFor(async () => (await shownNotifications(carol.page)).find((n) => n.tag === tag), 'the incoming-call notification');
    assert.equal(shown.title, `User ${aliceId}`, 'no kept account: no look-up of the caller\'s name');
    assert.deepEqual(shown.actions, ['answer'], 'no kept account: no Decline from the worker');
    assert.deepEqual(await clickNotification(carolBrowser, tag, 'answer'), [], 'the open demo window is used');

    await submitLogIn(carol.page, carolPerson.login, carolPerson.password);
    await visible(carol.page, 'call-screen', 30_000);
    assert.equal(await onlyRemoteId(carol.page), aliceId);
    assert.equal(await onlyRemoteId(alice.page), carolId);
    await waitFor(async () => (await remoteTile(alice.page, carolId))?.state === 'connected', 'alice connected to carol');
  } catch (error) {
    error.message += `\n${await describeDemo(alice)}\n${await describeDemo(carol)}`;
    throw error;
  }
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(carol.errors, []);
});
