// Simulcast through Parley's SFU with the unmodified janus.js in real Chromium: Alice publishes her fake camera at
// 640x480 with janus.js's `simulcast: true` (three RID layers, h/m/l at full, half and quarter size; the field trial
// lets Chromium send all three at that size), Bob and Carol subscribe and ask for the lowest and the highest layer
// with `configure` `substream`, and each decodes the size of its layer and hears a `substream` event; then Carol
// switches down to the middle layer and Bob up to the highest. Then Dana publishes AV1 with two spatial and three
// temporal layers (janus.js `svc: 'L2T3'`, the room asked for AV1; Parley reads the layers from the dependency
// descriptor), and Erin, asking for the base temporal layer with `configure` `temporal`, decodes a quarter of the
// frames, asking for the lower spatial layer with `substream` decodes the half size, then every layer again. Runs
// inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFERENCE_STEP_MS, assertFeedsFlow, createMeeting, openJanus, startConferenceServer } from './lib/conference.mjs';
import { launchBrowser, waitFor } from './lib/browsers.mjs';
import { cleanups, createUser, runCleanups } from './lib/parley.mjs';

const CAMERA = { width: { exact: 640 }, height: { exact: 480 }, frameRate: { ideal: 30 } };
/** Chromium limits the layers by resolution (3 only from 960x540); this trial lifts the limit. */
const ALL_LAYERS = '--force-fieldtrials=WebRTC-LegacySimulcastLayerLimit/Disabled/';

let parley;
let alice;
let bob;
let carol;
let aliceId;

before(async () => {
  // The default start estimate (300 kbit/s), below Dana's whole AV1 stream (~650 kbit/s): Erin gets every layer once
  // Parley's probes found her downlink wider. janus.js's `videocodec` leaves RTX out of Dana's offer, so Erin's
  // subscription has none, and the probes are padding on its media stream.
  parley = await startConferenceServer();
  const [a, b, c] = [await createUser(parley, 'alice'), await createUser(parley, 'bob'), await createUser(parley, 'carol')];
  const meeting = await createMeeting(parley, a, [b, c], 'Simulcast');
  const publisherBrowser = await launchBrowser(cleanups, { args: [ALL_LAYERS] });
  alice = await openJanus(parley, a, { simulcast: true, video: CAMERA, subscriptions: 'none', context: publisherBrowser });
  bob = await openJanus(parley, b, { publish: false });
  carol = await openJanus(parley, c, { publish: false });
  aliceId = (await alice.join(meeting._id)).id;
  // Subscribers come once Chromium sends all three layers (its bandwidth estimate starts low and adds layers as it
  // grows): until Parley probes subscribers' downlinks, a subscription starts at the highest layer asked for but
  // goes up later only on a subscriber's REMB.
  let layers = [];
  await waitFor(async () => {
    layers = await alice.eval(() => window.jr.outboundLayers());
    return [160, 320, 640].every((w) => layers.some((l) => l.frameWidth === w)) ? layers : null;
  }, `Alice sends three layers (${JSON.stringify(layers)})`, CONFERENCE_STEP_MS);
  await bob.join(meeting._id);
  await carol.join(meeting._id);
});
after(runCleanups);

/** The width of Alice's video as `who` decodes it, once it has settled on `expected`. */
async function settlesOnWidth(who, expected) {
  let width = 0;
  try {
    return await waitFor(async () => {
      width = (await who.inbound())[aliceId]?.width ?? 0;
      return width === expected ? width : null;
    }, `${who.label} decodes Alice's video ${expected} wide`, CONFERENCE_STEP_MS);
  } catch (e) {
    throw new Error(`${e.message}; last width ${width}`);
  }
}

test('subscribers asking for the lowest and the highest layer decode different sizes, and switches follow', { timeout: 180_000 }, async () => {
  await assertFeedsFlow(bob, [aliceId]);
  await assertFeedsFlow(carol, [aliceId]);

  await bob.eval((id) => window.jr.configureFeed(id, { substream: 0 }), aliceId);
  await carol.eval((id) => window.jr.configureFeed(id, { substream: 2 }), aliceId);
  await settlesOnWidth(bob, 160);
  await settlesOnWidth(carol, 640);
  await bob.waitEvent((e) => e.name === 'layers' && e.feed === aliceId && e.substream === 0, 'a substream 0 event');
  await assertFeedsFlow(bob, [aliceId]);
  await assertFeedsFlow(carol, [aliceId]);

  // Carol switches down to the middle layer: the stream goes on at its size, decoded without a new negotiation.
  await carol.eval((id) => window.jr.configureFeed(id, { substream: 1 }), aliceId);
  await settlesOnWidth(carol, 320);
  await assertFeedsFlow(carol, [aliceId]);
  assert.equal((await bob.inbound())[aliceId].width, 160, 'Bob still gets the lowest layer');

  // Bob asks for the highest layer again.
  await bob.eval((id) => window.jr.configureFeed(id, { substream: 2 }), aliceId);
  await settlesOnWidth(bob, 640);
  for (const p of [alice, bob, carol]) assert.deepEqual(p.errors, [], `${p.label}: no page errors`);
});

/** The frames per second `who` decodes of `feed`'s video over `ms`. */
async function decodedFrameRate(who, feed, ms) {
  const before = (await who.inbound())[feed]?.framesDecoded ?? 0;
  const start = Date.now();
  await new Promise((resolve) => { setTimeout(resolve, ms); });
  const after = (await who.inbound())[feed]?.framesDecoded ?? 0;
  return ((after - before) * 1000) / (Date.now() - start);
}

test('an AV1 publisher with two spatial and three temporal layers (L2T3): a subscriber asking for the base temporal '
  + 'layer decodes a quarter of the frames, for the lower spatial layer the half size, and everything again when it '
  + 'asks for every layer', { timeout: 180_000 }, async (t) => {
  const [d, e] = [await createUser(parley, 'dana'), await createUser(parley, 'erin')];
  const meeting = await createMeeting(parley, d, [e], 'AV1 layers');
  // Chromium gives a spatial layer no less than 320x180: two need a 640-wide camera.
  const dana = await openJanus(parley, d, { video: CAMERA, svc: 'L2T3', videocodec: 'av1', subscriptions: 'none' });
  const erin = await openJanus(parley, e, { publish: false });
  const danaId = (await dana.join(meeting._id)).id;
  await erin.join(meeting._id);
  await assertFeedsFlow(erin, [danaId]);
  assert.equal((await erin.inbound())[danaId].videoCodec, 'video/AV1', 'the room took AV1');
  const width = async () => (await erin.inbound())[danaId]?.width ?? 0;
  await waitFor(async () => await width() === 640, 'Erin decodes both spatial layers (640 wide)', CONFERENCE_STEP_MS);
  // Every temporal layer reaches Erin: she decodes a picture for each two frames Dana encodes (one per spatial layer).
  const encodedFrameRate = async (ms) => {
    const count = async () => (await dana.eval(() => window.jr.outboundLayers()))[0]?.framesEncoded ?? 0;
    const [before, start] = [await count(), Date.now()];
    await new Promise((resolve) => { setTimeout(resolve, ms); });
    return ((await count() - before) * 1000) / (Date.now() - start);
  };
  let full = 0;
  await waitFor(async () => {
    const [encoded, decoded] = await Promise.all([encodedFrameRate(2000), decodedFrameRate(erin, danaId, 2000)]);
    full = decoded;
    return decoded > 0 && decoded >= (encoded / 2) * 0.8;
  }, 'Erin decoding every frame Dana encodes', CONFERENCE_STEP_MS);
  await erin.eval((id) => window.jr.configureFeed(id, { temporal: 0 }), danaId);
  await erin.waitEvent((ev) => ev.name === 'layers' && ev.feed === danaId && ev.temporal === 0, 'a temporal 0 event');
  const base = await decodedFrameRate(erin, danaId, 3000);
  assert.ok(base > 0 && base < full * 0.5, `the base layer alone: ${base.toFixed(1)} frames/s of ${full.toFixed(1)}`);

  await erin.eval((id) => window.jr.configureFeed(id, { substream: 0, temporal: 2 }), danaId);
  await erin.waitEvent((ev) => ev.name === 'layers' && ev.feed === danaId && ev.substream === 0, 'a substream 0 event');
  await waitFor(async () => await width() === 320, 'Erin decodes the lower spatial layer alone (320 wide)', CONFERENCE_STEP_MS);

  await erin.eval((id) => window.jr.configureFeed(id, { substream: 1 }), danaId);
  await erin.waitEvent((ev) => ev.name === 'layers' && ev.feed === danaId && ev.substream === 1, 'a substream 1 event');
  await waitFor(async () => await width() === 640, 'Erin decodes the upper spatial layer again (640 wide)', CONFERENCE_STEP_MS);
  // The way up waits for the publisher's next frame that allows it, and a loaded machine may decode late: the best
  // of up to five 2-second windows.
  let again = 0;
  for (let i = 0; i < 5 && again <= full * 0.75; i++) again = Math.max(again, await decodedFrameRate(erin, danaId, 2000));
  t.diagnostic(`decoded frames/s: ${full.toFixed(1)} of every layer, ${base.toFixed(1)} of the base layer, ${again.toFixed(1)} again`);
  assert.ok(again > full * 0.75, `every layer again: ${again.toFixed(1)} frames/s of ${full.toFixed(1)}`);
  for (const p of [dana, erin]) assert.deepEqual(p.errors, [], `${p.label}: no page errors`);
});
