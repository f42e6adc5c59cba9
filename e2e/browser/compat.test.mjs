// P2P calls in both directions between Parley's browser SDK and the unmodified ConnectyCube JS SDK
// (connectycube@6.1.2) and QuickBlox JS SDK (quickblox@2.23.0), those configured only with Parley's
// endpoints; media must flow both ways. Those SDKs mute by disabling the track and tell no one: the
// Parley side sees it in the media (black frames, digital silence). Runs inside scripts/netns-run.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMediaFlows, openUser, openVendorUser, waitFor } from './lib/browsers.mjs';
import { createUser, runCleanups, startParley } from './lib/parley.mjs';

const CONNECTED = 2;
let parley;
let count = 0;
const perTest = [];

before(async () => { parley = await startParley({ https: true }); });
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

async function pair(sdk) {
  count += 1;
  const [p, v] = [await createUser(parley, `parley${count}`), await createUser(parley, `${sdk}user${count}`)];
  return Promise.all([openUser(parley, p, {}, { closers: perTest }), openVendorUser(parley, v, sdk, { closers: perTest })]);
}

for (const [sdk, name] of [['cb', 'ConnectyCube 6.1.2'], ['qb', 'QuickBlox 2.23.0']]) {
  test(`Parley SDK calls ${name}: accepted, media both ways, hang-up reaches it`, { timeout: 90_000 }, async () => {
    const [parleyUser, vendor] = await pair(sdk);
    await vendor.eval(() => window.c.autoAccept());
    await parleyUser.eval(([id]) => window.h.startCall([id], 1, { userInfo: { from: 'parley' } }), [vendor.user.id]);
    const ring = await vendor.waitEvent((e) => e.name === 'call', 'incoming call');
    assert.equal(Number(ring.from), parleyUser.user.id);
    assert.equal(ring.extension.from, 'parley');
    const accepted = await parleyUser.waitEvent((e) => e.name === 'accept', 'accept');
    assert.equal(accepted.userId, vendor.user.id);
    await parleyUser.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED', 30_000);
    await assertMediaFlows(parleyUser, vendor.user.id);
    await vendor.assertMediaFlows();
    await parleyUser.eval(() => window.h.stop());
    const stop = await vendor.waitEvent((e) => e.name === 'stop', 'hang-up');
    assert.equal(stop.userId, parleyUser.user.id);
  });

  test(`${name} calls the Parley SDK: accepted, media both ways, hang-up reaches Parley`, { timeout: 90_000 }, async () => {
    const [parleyUser, vendor] = await pair(sdk);
    await parleyUser.eval(() => window.h.autoAccept({ userInfo: { from: 'parley' } }));
    await vendor.eval((id) => window.c.call(id), parleyUser.user.id);
    const ring = await parleyUser.waitEvent((e) => e.name === 'call', 'incoming call');
    assert.equal(ring.from, vendor.user.id);
    const accepted = await vendor.waitEvent((e) => e.name === 'accept', 'accept');
    assert.equal(accepted.userId, parleyUser.user.id);
    await parleyUser.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED', 30_000);
    await assertMediaFlows(parleyUser, vendor.user.id);
    await vendor.assertMediaFlows();
    await vendor.eval(() => window.c.stop());
    const stop = await parleyUser.waitEvent((e) => e.name === 'stop', 'hang-up');
    assert.equal(stop.userId, vendor.user.id);
    await parleyUser.waitEvent((e) => e.name === 'close', 'session closed');
  });

  test(`${name} mutes its camera and microphone: the Parley SDK sees it in the media, and sees them back`, { timeout: 90_000 }, async () => {
    const [parleyUser, vendor] = await pair(sdk);
    await vendor.eval(() => window.c.autoAccept());
    await parleyUser.eval(([id]) => window.h.startCall([id], 1), [vendor.user.id]);
    await parleyUser.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED', 30_000);
    await assertMediaFlows(parleyUser, vendor.user.id);
    const states = async () => (await parleyUser.events()).filter((e) => e.name === 'remoteMediaState' && e.userId === vendor.user.id);
    const latest = async () => (await states()).at(-1) ?? { videoMuted: false, audioMuted: false };
    assert.deepEqual(await states(), [], 'nothing reported while both are on');

    await vendor.eval(() => window.c.mute('video'));
    await waitFor(async () => (await latest()).videoMuted, 'camera off seen in the black frames', 20_000);
    await vendor.eval(() => window.c.unmute('video'));
    await waitFor(async () => !(await latest()).videoMuted, 'camera back on', 20_000);
    await vendor.eval(() => window.c.mute('audio'));
    await waitFor(async () => (await latest()).audioMuted, 'microphone muted heard as digital silence', 20_000);
    await vendor.eval(() => window.c.unmute('audio'));
    await waitFor(async () => !(await latest()).audioMuted, 'microphone back on', 20_000);
    assert.deepEqual((await states()).map((e) => [e.audioMuted, e.videoMuted]),
      [[false, true], [false, false], [true, false], [false, false]], 'no flicker in between');
    assert.ok(!(await parleyUser.events()).some((e) => e.name === 'update'), 'no update signal from that SDK');

    // The other way round, Parley's mute goes out as an update: QuickBlox hands it to its
    // onUpdateCallListener like any other, ConnectyCube 6 ignores updates; the call goes on in both.
    await parleyUser.eval(() => window.h.mute('video'));
    if (sdk === 'qb') {
      const update = await vendor.waitEvent((e) => e.name === 'update', 'the mute reaches QuickBlox as an update');
      assert.equal(update.userId, parleyUser.user.id);
      assert.deepEqual(update.extension.mediaState, { audioMuted: 'false', videoMuted: 'true' });
    }
    await vendor.assertMediaFlows();
    assert.deepEqual(vendor.errors, []);
    assert.deepEqual(parleyUser.errors, []);
  });
}
