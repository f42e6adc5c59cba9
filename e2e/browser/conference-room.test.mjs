// A full conference room through Parley's SFU: 12 publishers with media between every pair, and
// the 13th refused with Janus error 432 (docs/protocol.md §4.5). To fit two cores the room mixes
// two Chromium pages running the unmodified janus.js (npm janus-gateway; camera 320x240), each in a
// browser context of its own, with ten light participants (e2e/browser/lib/bots.mjs: webrtc-java with real ICE, DTLS
// and SRTP, 160x120 video at 10 fps and a tone), each on its own user and Janus session. Every
// participant must receive every other's video and audio: the pages by getStats per feed, the bots
// by their per-feed reports. The 13th is a third janus.js page, which subscribes to nobody.
// Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './lib/browsers.mjs';
import { assertBotsReceive, startBots } from './lib/bots.mjs';
import { assertFeedsFlow, janusServer, openJanus, startConferenceServer } from './lib/conference.mjs';
import { cleanups, createUser, runCleanups } from './lib/parley.mjs';

const ROOM = 'room-of-twelve';
const PAGES = 2;
const BOTS = 10;
let parley;

// 13 users are made at once (3 sign-up and log-in requests each): more than the rate limit's default burst of 30.
before(async () => { parley = await startConferenceServer({ PARLEY_RATE_LIMIT_AUTH_BURST: '60' }); });
after(runCleanups);

test('a room of 12 (janus.js pages and bots) carries media between every pair; the 13th publisher gets 432',
  { timeout: 300_000 }, async () => {
    const users = [];
    for (let i = 0; i < PAGES + BOTS + 1; i += 1) users.push(await createUser(parley, `member${i + 1}`));
    const [pageUsers, botUsers, last] = [users.slice(0, PAGES), users.slice(PAGES, PAGES + BOTS), users.at(-1)];
    const members = [...pageUsers, ...botUsers].map((u) => u.id);

    const browsers = [await launchBrowser(), await launchBrowser()];
    const pages = [];
    for (const [i, user] of pageUsers.entries()) {
      const page = await openJanus(parley, user, { subscriptions: 'multistream', context: browsers[i % browsers.length] });
      assert.equal((await page.join(ROOM, { id: user.id })).id, user.id);
      pages.push(page);
    }
    const bots = startBots({ server: janusServer(parley.base), room: ROOM, participants: botUsers.map((u) => ({ id: u.id, token: u.token })),
      fps: 10, closers: cleanups });
    await assertBotsReceive(bots, botUsers.map((u) => u.id), members, 150_000);
    for (const [i, page] of pages.entries()) {
      await assertFeedsFlow(page, members.filter((id) => id !== pageUsers[i].id), { ms: 60_000 });
    }

    // The 13th: janus.js joins, then its publish is refused with 432, and nobody is offered its media.
    const extra = await openJanus(parley, last, { subscriptions: 'none', context: browsers[0] });
    assert.equal((await extra.join(ROOM, { id: last.id })).id, last.id);
    const refused = await extra.waitEvent((e) => e.name === 'error' && e.where === 'publisher', 'its publish refused');
    assert.equal(refused.code, 432, JSON.stringify(refused));
    assert.equal(refused.message, 'Maximum number of publishers (12) already reached');
    assert.ok(!bots.lines().some((l) => l.feed === last.id), 'no bot heard of the refused participant');
    await assertBotsReceive(bots, botUsers.map((u) => u.id), members, 60_000);
    for (const page of pages) {
      assert.ok(!(await page.events()).some((e) => e.name === 'publishers' && e.ids.includes(last.id)),
        `${page.label} was offered no feed of the refused participant`);
      assert.ok(!((await page.inbound())[last.id]), `${page.label} got no feed of the refused participant`);
    }
    for (const page of [...pages, extra]) assert.deepEqual(page.errors, [], `${page.label}: page errors`);
  });
