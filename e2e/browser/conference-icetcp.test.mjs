// Conference participants whose network blocks UDP join over ICE-TCP (RFC 6544): Erin's Chromium, then Jim's Java SDK
// (`./parley conference`), run in a network namespace of their own where an nftables rule drops every UDP datagram, so
// their only way to the SFU is a TCP connection to its passive TCP candidate. Each exchanges media both ways with
// Alice (plain UDP); getStats and Parley's metrics show which paths carry it. Runs inside scripts/netns-run
// (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './lib/browsers.mjs';
import { assertFeedsFlow, createMeeting, openJanus, startConferenceServer } from './lib/conference.mjs';
import { assertJavaVerdict, startJavaConference } from './lib/java-conference.mjs';
import { isolatedBrowserNetwork } from './lib/network.mjs';
import { cleanups, createUser, runCleanups, within } from './lib/parley.mjs';

let parley;
let room;
let alice;
let erinUser;
let jimUser;
let network;
const ids = {};

before(async () => {
  // Erin's browser, in a namespace of its own, reaches the HTTP port at the server's address on her link.
  parley = await startConferenceServer({}, { host: '0.0.0.0' });
  const a = await createUser(parley, 'alice');
  erinUser = await createUser(parley, 'erin');
  jimUser = await createUser(parley, 'jim');
  room = (await createMeeting(parley, a, [erinUser, jimUser]))._id;
  alice = await openJanus(parley, a);
  network = await isolatedBrowserNetwork({ blockUdp: true });
  cleanups.push(() => network.close());
});
after(runCleanups);

/** Parley's Prometheus gauge of open transports whose media goes over `type` ('udp' or 'tcp'). */
async function transportsOver(type) {
  const text = await (await fetch(`${parley.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`parley_media_transports_selected{type="${type}"}`));
  assert.ok(line, `parley_media_transports_selected{type="${type}"} in /metrics`);
  return Number(line.split(' ').pop());
}

test('a participant whose UDP is blocked joins over ICE-TCP and exchanges media both ways with a UDP one', { timeout: 180_000 }, async () => {
  const erin = await openJanus(parley, erinUser, { network });

  ids.alice = (await alice.join(room)).id;
  ids.erin = (await erin.join(room)).id;
  await assertFeedsFlow(alice, [ids.erin]);
  await assertFeedsFlow(erin, [ids.alice]);

  const erinPairs = await erin.eval(() => window.jr.selectedPairs());
  assert.equal(erinPairs.length, 2, `Erin's publisher and subscriber connections: ${JSON.stringify(erinPairs)}`);
  for (const pair of erinPairs) {
    assert.deepEqual({ local: pair.local.protocol, remote: pair.remote.protocol, tcpType: pair.remote.tcpType },
      { local: 'tcp', remote: 'tcp', tcpType: 'passive' }, `Erin's pairs go over TCP: ${JSON.stringify(erinPairs)}`);
    assert.equal(pair.remote.type, 'host');
  }
  const alicePairs = await alice.eval(() => window.jr.selectedPairs());
  assert.equal(alicePairs.length, 2);
  for (const pair of alicePairs) assert.equal(pair.remote.protocol, 'udp', `Alice's pairs stay on UDP: ${JSON.stringify(alicePairs)}`);

  // A browser whose TCP pair was writable first nominates it, then its UDP pair once that one is writable too: the
  // server moves with the nomination, which rides on the browser's next check of the pair (up to 2.5 s later).
  await waitFor(async () => await transportsOver('tcp') === 2 && await transportsOver('udp') === 2,
    'Erin\'s two transports counted as TCP and Alice\'s two as UDP', 10_000);
  assert.deepEqual(erin.errors, [], 'Erin: page errors');
});

test('a Java SDK participant whose UDP is blocked joins over ICE-TCP; media flows both ways with the browsers', { timeout: 150_000 }, async () => {
  const before = await transportsOver('tcp');
  const jim = startJavaConference(parley, jimUser, room, { duration: 60, closers: cleanups, network });
  await jim.waitLine(/joined room/, 'joined');
  await assertFeedsFlow(alice, [jimUser.id]);
  const during = await transportsOver('tcp');
  assert.ok(during > before, `Jim's transports counted as TCP: ${before} before he joined, ${during} after`);
  await assertJavaVerdict(jim, [ids.alice, ids.erin]);
});
