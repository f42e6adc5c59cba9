// The Java SDK's conference client (`./parley conference`, synthetic media, webrtc-java) in rooms of Parley's SFU with
// browsers: two Java participants and a Parley browser SDK user (harness/conference-sdk.html) each decode the others;
// and Parley browser SDK users, a ConnectyCube SDK user (harness/conference-cb.html) and a Java participant decode
// each other, the browser user's mute, screen share and camera switch reach the others (the Java tool prints the
// media events and the new picture size), and a browser user who leaves and joins again is seen by the Java tool.
// Runs inside scripts/netns-run (scripts/test-browser.sh), after the build.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openHarness, waitFor } from './lib/browsers.mjs';
import { assertFeedsFlow, createMeeting, openConnectyCubePage, pageHandle, startConferenceServer } from './lib/conference.mjs';
import { assertJavaVerdict, awaitJavaLiveMedia, startJavaConference } from './lib/java-conference.mjs';
import { createUser, runCleanups, STEP_MS, within } from './lib/parley.mjs';

let parley;
let browser;
const perTest = [];

before(async () => {
  parley = await startConferenceServer();
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

/** A Parley browser SDK user's page (harness/conference-sdk.html), signed in; `join()` joins the room. */
async function openSdkUser(user, room) {
  const { page, errors } = await openHarness(parley, user, 'conference-sdk.html', {}, { context: browser, closers: perTest });
  await page.waitForFunction(() => window.conferenceSdkReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.cs.init(args),
    { appId: parley.app.application_id, api: parley.base, token: user.token, userId: user.id }), `${user.login} connects`);
  const handle = { ...pageHandle(page, errors, user.login, 'cs'), user };
  handle.join = () => handle.eval((args) => window.cs.join(args), { userId: user.id, room });
  return handle;
}

test('two Java SDK participants and a browser SDK user in one room each decode the other two', { timeout: 120_000 }, async () => {
  const [ann, jim, joe] = await Promise.all(['ann', 'jim', 'joe'].map((login) => createUser(parley, login)));
  const room = (await createMeeting(parley, ann, [jim, joe]))._id;
  const javas = [jim, joe].map((u) => startJavaConference(parley, u, room, { duration: 60, closers: perTest }));
  for (const java of javas) await java.waitLine(/joined room/, 'joined');
  const browserUser = await openSdkUser(ann, room);
  assert.deepEqual((await browserUser.join()).sort(), [jim.id, joe.id].sort());
  await assertFeedsFlow(browserUser, [jim.id, joe.id]);
  // Each Java participant saw the browser's video and the other Java participant's; the browser decoded both of
  // theirs: media flowed both ways between every pair.
  // Neither leaves before both are satisfied: one leaving first would take its media away from the other.
  const othersOf = (i) => [ann.id, javas[1 - i].user.id];
  await Promise.all(javas.map((java, i) => awaitJavaLiveMedia(java, othersOf(i))));
  await Promise.all(javas.map((java, i) => assertJavaVerdict(java, othersOf(i), { waited: true })));
  assert.deepEqual(browserUser.errors, []);
});

/** Amy and Ben (browser SDK), Cid (ConnectyCube SDK) and Dov (`./parley conference` for `duration` s) in a meeting's room. */
async function roomOfFour(logins, duration) {
  const [amy, ben, cid, dov] = await Promise.all(logins.map((login) => createUser(parley, login)));
  const room = (await createMeeting(parley, amy, [ben, cid, dov]))._id;
  const java = startJavaConference(parley, dov, room, { duration, closers: perTest });
  await java.waitLine(/joined room/, 'joined');
  const [a, b] = [await openSdkUser(amy, room), await openSdkUser(ben, room)];
  await a.join();
  await b.join();
  const cb = await openConnectyCubePage(parley, cid, { context: browser, closers: perTest });
  await cb.eval((args) => window.cc.join(args), { room, userId: cid.id, display: cid.login, listener: false });
  return { amy, ben, cid, dov, java, a, b, cb };
}

test('browser SDK users, a ConnectyCube user and a Java participant decode each other; a browser user\'s mute, screen share '
  + 'and camera switch reach the others and the Java tool', { timeout: 150_000 }, async () => {
  const { amy, ben, cid, dov, java, a, b, cb } = await roomOfFour(['amy', 'ben', 'cid', 'dov'], 90);
  const all = [amy, ben, cid, dov].map((u) => u.id);
  for (const page of [a, b, cb]) await assertFeedsFlow(page, all.filter((id) => id !== page.user.id));
  for (const id of [amy.id, ben.id, cid.id]) await java.waitLine(new RegExp(`stats user ${id}: video 320x240 [1-9]`), `video from ${id}`);

  // Amy mutes her microphone: the others are told, the Java tool too.
  let from = java.lines().length;
  await a.eval(() => window.cs.setMicrophoneMute(true));
  await b.waitEvent((e) => e.name === 'media' && e.userId === amy.id && e.kind === 'audio' && e.receiving === false, 'Amy muted');
  await java.waitLine(new RegExp(`user ${amy.id}: audio stopped`), 'Amy muted', 30_000, from);
  await a.eval(() => window.cs.setMicrophoneMute(false));
  await java.waitLine(new RegExp(`user ${amy.id}: audio resumed`), 'Amy unmuted', 30_000, from);

  // Amy shares her screen (larger frames), then switches back to a camera (fake_device_2, 320x240).
  from = java.lines().length;
  await a.eval(() => window.cs.enableScreenSharing(true));
  // Ben first gets the screen's middle simulcast layer (320 wide, as the camera was); the larger one follows as his
  // estimate grows, which on a loaded machine took more than 15 s: as long as the Java tool is given.
  await waitFor(async () => (await b.inbound())[amy.id]?.width > 320, 'Ben sees Amy\'s screen', 30_000);
  await java.waitLine(new RegExp(`user ${amy.id}: video now \\d+x\\d+ \\(was 320x240\\)`), 'Amy\'s screen', 30_000, from);
  await a.eval(() => window.cs.enableScreenSharing(false));
  await a.eval(() => window.cs.switchCamera(2));
  await waitFor(async () => (await b.inbound())[amy.id]?.width === 320, 'Ben sees Amy\'s camera again');
  await java.waitLine(new RegExp(`user ${amy.id}: video now 320x240`), 'Amy\'s camera again', 30_000, from);
  await assertFeedsFlow(cb, [amy.id]);
  await assertJavaVerdict(java, [amy.id, ben.id, cid.id]);
  for (const page of [a, b, cb]) assert.deepEqual(page.errors, [], `${page.label}: page errors`);
});

test('a browser user who leaves and joins again is seen going and coming back by the Java tool, and received again',
  { timeout: 150_000 }, async () => {
  const { amy, ben, cid, dov, java, b } = await roomOfFour(['ann2', 'ben2', 'cid2', 'dov2'], 90);
  await java.waitLine(new RegExp(`stats user ${ben.id}: video 320x240 [1-9]`), 'video from Ben');
  const from = java.lines().length;
  await b.eval(() => window.cs.leave());
  await java.waitLine(new RegExp(`user ${ben.id} left`), 'Ben left', 30_000, from);
  await b.join();
  await java.waitLine(new RegExp(`user ${ben.id} \\(ben2\\) publishes`), 'Ben back', 30_000, from);
  const back = java.lines().length;
  await java.waitLine(new RegExp(`stats user ${ben.id}: video 320x240 [1-9]`), 'Ben\'s video again', 30_000, back);
  await assertFeedsFlow(b, [amy.id, cid.id, dov.id]);
  await assertJavaVerdict(java, [amy.id, ben.id, cid.id]);
});
