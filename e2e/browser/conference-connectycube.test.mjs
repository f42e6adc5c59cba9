// Conferences with the unmodified ConnectyCube SDK's conference client (connectycube@6.1.2,
// ConnectyCube.videochatconference) in Chromium, configured only with Parley's REST endpoint and
// its /janus WebSocket (docs/protocol.md §4.4): three users join a meeting's room and see and hear
// each other, one leaves and the others are told, one joins as a listener only (no camera or
// microphone) and receives everyone; and a ConnectyCube user shares a room with janus.js users
// (npm janus-gateway, unmodified). Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './lib/browsers.mjs';
import { assertFeedsFlow, createMeeting, openConnectyCubePage, openJanus, startConferenceServer } from './lib/conference.mjs';
import { createUser, runCleanups } from './lib/parley.mjs';

let parley;
const perTest = [];

before(async () => { parley = await startConferenceServer(); });
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

const users = async (...logins) => Promise.all(logins.map((login) => createUser(parley, login)));
const cbPage = (user, context) => openConnectyCubePage(parley, user, { context, closers: perTest });
const joinCb = (page, room, { listener = false } = {}) =>
  page.eval((a) => window.cc.join(a), { room, userId: page.user.id, display: page.user.login, listener });
const othersOf = (all, me) => all.filter((u) => u.id !== me.id).map((u) => u.id);

test('three ConnectyCube users in a meeting\'s room see and hear each other; one leaves; a listener joins and receives everyone',
  { timeout: 180_000 }, async () => {
    const [ann, bob, cat, dan] = await users('ccann', 'ccbob', 'cccat', 'ccdan');
    const meeting = await createMeeting(parley, ann, [bob, cat, dan]);
    const pages = [await cbPage(ann), await cbPage(bob), await cbPage(cat)];
    for (const page of pages) await joinCb(page, meeting._id);
    const members = [ann, bob, cat];
    for (const page of pages) {
      for (const id of othersOf(members, page.user)) {
        await page.waitEvent((e) => e.name === 'participantJoined' && e.userId === id, `joined: ${id}`);
        await page.waitEvent((e) => e.name === 'remoteStream' && e.userId === id, `remote stream of ${id}`);
      }
      await assertFeedsFlow(page, othersOf(members, page.user));
    }
    for (const page of pages) {
      const remotes = await page.eval(() => [...document.querySelectorAll('#remotes audio')].map((a) => ({ id: a.id, live: a.srcObject?.getAudioTracks()[0]?.readyState })));
      assert.deepEqual(remotes.map((r) => r.id).sort(), othersOf(members, page.user).map((id) => `audio-${id}`).sort());
      assert.ok(remotes.every((r) => r.live === 'live'), JSON.stringify(remotes));
    }

    // Cat leaves as the SDK does (leave, then detach and destroy): the others are told and go on.
    await pages[2].eval(() => window.cc.leave());
    for (const page of pages.slice(0, 2)) {
      await page.waitEvent((e) => e.name === 'participantLeft' && e.userId === cat.id, 'cat left');
    }
    await assertFeedsFlow(pages[0], [bob.id]);
    await assertFeedsFlow(pages[1], [ann.id]);

    // Dan joins as a listener only, in cat's browser: he receives Ann and Bob, sends no media, and
    // Ann and Bob see him join while their media goes on.
    const listener = await cbPage(dan, pages[2].page.context());
    await joinCb(listener, meeting._id, { listener: true });
    await assertFeedsFlow(listener, [ann.id, bob.id]);
    for (const page of pages.slice(0, 2)) {
      await page.waitEvent((e) => e.name === 'participantJoined' && e.userId === dan.id, 'the listener joined');
    }
    assert.deepEqual(await listener.eval(() => window.cc.outbound()), { framesEncoded: 0, audioBytes: 0 });
    await assertFeedsFlow(pages[0], [bob.id]);
    await assertFeedsFlow(pages[1], [ann.id]);
    for (const page of [...pages, listener]) assert.deepEqual(page.errors, [], `${page.label}: page errors`);
  });

test('a ConnectyCube user and two janus.js users in one room see and hear each other', { timeout: 150_000 }, async () => {
  const [eve, fay, gus] = await users('cceve', 'jsfay', 'jsgus');
  const meeting = await createMeeting(parley, eve, [fay, gus]);
  const cb = await cbPage(eve);
  const browser = await launchBrowser(perTest);
  const js = [];
  for (const user of [fay, gus]) {
    const page = await openJanus(parley, user, { subscriptions: 'multistream', context: browser });
    assert.equal((await page.join(meeting._id, { id: user.id })).id, user.id);
    js.push(page);
  }
  // join() answers at `joined`; the feeds are published once media flows between the two janus.js users.
  await assertFeedsFlow(js[0], [gus.id]);
  await assertFeedsFlow(js[1], [fay.id]);
  await joinCb(cb, meeting._id);
  const all = [eve, fay, gus];
  await assertFeedsFlow(cb, [fay.id, gus.id]);
  for (const [i, page] of js.entries()) await assertFeedsFlow(page, othersOf(all, [fay, gus][i]));
  // The ConnectyCube client learnt of both janus.js users from the `joined` event's publishers.
  const joined = (await cb.events()).filter((e) => e.name === 'participantJoined')
    .map((e) => [e.userId, e.display, e.existing]).sort((a, b) => a[0] - b[0]);
  // The users are made concurrently: either may have the lower id.
  assert.deepEqual(joined, [[fay.id, fay.login, true], [gus.id, gus.login, true]].sort((a, b) => a[0] - b[0]));
  for (const page of [cb, ...js]) assert.deepEqual(page.errors, [], `${page.label}: page errors`);
});
