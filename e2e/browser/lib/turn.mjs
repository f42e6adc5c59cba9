// coturn (Debian's `turnserver`) for the NAT tests: configured by `./parley turn config` from the same PARLEY_TURN_*
// settings as the test's server, as docs/turn.md runs it in production, and started inside the test namespace
// (scripts/netns-run) on its "public" address PARLEY_ADDR_B; and the ICE candidate pairs a page's peer connections
// selected, to tell a relayed call from a direct one.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanups, ROOT, within } from './parley.mjs';
import { CHROMIUM, launchBrowser, openUser, waitFor } from './browsers.mjs';

export const TURNSERVER = '/usr/bin/turnserver';
export const TURN_PORT = 3478;

/** The address coturn listens and relays on in the test namespace. */
export const turnAddress = () => process.env.PARLEY_ADDR_B;

/**
 * The parley.turn settings of a server and its coturn: STUN, TURN over UDP and TURN over TCP on PARLEY_ADDR_B:3478,
 * `secret`, and `ttl` (seconds) when given.
 */
export function turnSettings(secret, ttl) {
  const at = `${turnAddress()}:${TURN_PORT}`;
  const env = { PARLEY_TURN_URLS: `stun:${at},turn:${at}?transport=udp,turn:${at}?transport=tcp`, PARLEY_TURN_SECRET: secret };
  if (ttl !== undefined) env.PARLEY_TURN_TTL = `${ttl}s`;
  return env;
}

/**
 * Starts coturn with the configuration `./parley turn config` prints for the PARLEY_TURN_* settings in `env`
 * (turnSettings), listening on PARLEY_ADDR_B only, allowed to relay to the test namespace's addresses (198.18.0.0/15,
 * which the generated configuration denies with every other reserved range; the NATs' LANs stay denied). Resolves once
 * it listens, with {address, url(transport), log(), allocations(userId)} (the allocations coturn granted to that
 * user's credentials).
 */
export async function startCoturn(env, { closers = cleanups } = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'coturn for the tests runs only inside scripts/netns-run');
  assert.ok(existsSync(TURNSERVER), `${TURNSERVER} missing: apt-get install -y coturn`);
  const address = turnAddress();
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-coturn-'));
  const config = execFileSync(path.join(ROOT, 'parley'), ['turn', 'config', '--listening-ip', address,
    '--relay-ports', '49152-49999', '--allow-peer', '198.18.0.0-198.19.255.255', '--log-file', 'stdout',
    '--pid-file', path.join(dir, 'turnserver.pid')],
  { cwd: ROOT, env: { ...process.env, PARLEY_NO_BUILD: '1', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(path.join(dir, 'turnserver.conf'), config);
  // --verbose logs each allocation with its username; the user database (unused with use-auth-secret) stays here.
  const child = spawn(TURNSERVER, ['-c', path.join(dir, 'turnserver.conf'), '--simple-log', '--verbose',
    '--userdb', path.join(dir, 'turndb')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await within(10_000, exited, 'coturn stop').catch(() => child.kill('SIGKILL'));
    }
    if (process.env.PARLEY_BROWSER_DEBUG) console.error(output);
    rmSync(dir, { recursive: true, force: true });
  });
  await waitFor(async () => {
    assert.equal(child.exitCode, null, `coturn exited:\n${output}`);
    return /IPv4\. TCP listener opened on : .*:3478/.test(output) && /IPv4\. UDP listener opened on: .*:3478/.test(output);
  }, `coturn listening on ${address}:${TURN_PORT}; output so far:\n${output}`);
  return {
    address,
    url: (transport = 'udp') => `turn:${address}:${TURN_PORT}?transport=${transport}`,
    log: () => output,
    /** The relay allocations coturn granted to credentials of that user (its log's ALLOCATE successes). */
    allocations: (userId) => output.split('\n')
      .filter((line) => new RegExp(`user <\\d+:${userId}>: .*ALLOCATE processed, success`).test(line)).length,
  };
}

/**
 * Records every RTCPeerConnection a page makes in window.peerConnections (before its scripts run), so that
 * selectedPairs() can read them whatever SDK made them.
 */
export async function recordPeerConnections(context) {
  await context.addInitScript(() => {
    window.peerConnections = [];
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        window.peerConnections.push(this);
      }
    };
  });
}

/**
 * The candidate pair each open peer connection of the page (recordPeerConnections) sends on, from getStats (W3C
 * webrtc-stats: the transport's selectedCandidatePairId): [{local: {type, protocol, relayProtocol, address},
 * remote: {type, protocol, address}, bytesSent, bytesReceived}] (null for a connection without one yet).
 */
export async function selectedPairs(page) {
  return page.evaluate(async () => Promise.all(window.peerConnections.filter((pc) => pc.connectionState !== 'closed')
    .map(async (pc) => {
      const stats = [...(await pc.getStats()).values()];
      const byId = new Map(stats.map((s) => [s.id, s]));
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport && byId.get(transport.selectedCandidatePairId);
      if (!pair) return null;
      const side = (c) => ({ type: c.candidateType, protocol: c.protocol, relayProtocol: c.relayProtocol, address: c.address });
      return { local: side(byId.get(pair.localCandidateId)), remote: side(byId.get(pair.remoteCandidateId)),
        bytesSent: pair.bytesSent, bytesReceived: pair.bytesReceived };
    })));
}

/** Asserts that every open peer connection of the page sends through a relay (a TURN candidate on either end). */
export async function assertRelayed(page, label, { relayProtocol } = {}) {
  const pairs = await waitFor(async () => {
    const found = await selectedPairs(page);
    return found.length > 0 && found.every(Boolean) ? found : null;
  }, `${label}: every peer connection has a selected candidate pair`);
  for (const pair of pairs) {
    assert.ok(pair.local.type === 'relay' || pair.remote.type === 'relay',
      `${label}: the selected pair is relayed (${JSON.stringify(pair)})`);
    if (relayProtocol) {
      assert.equal(pair.local.type, 'relay', `${label}: its own relay candidate (${JSON.stringify(pair)})`);
      assert.equal(pair.local.relayProtocol, relayProtocol, `${label}: reaches the relay over ${relayProtocol} (${JSON.stringify(pair)})`);
    }
  }
  return pairs;
}

/** The server (started on 0.0.0.0) as a host behind a NAT reaches it: at PARLEY_ADDR_A. */
export const publicBase = (parley) => `http://${process.env.PARLEY_ADDR_A}:${parley.port}`;

/**
 * A Chromium on the host behind `network` (natNetwork), which treats the server's address as a secure origin
 * (getUserMedia needs one) and records its peer connections (recordPeerConnections).
 */
export async function natBrowser(network, parley, closers = cleanups) {
  const context = await launchBrowser(closers, { executablePath: network.wrap(CHROMIUM, 'chromium'),
    args: [`--unsafely-treat-insecure-origin-as-secure=${publicBase(parley)}`] });
  await recordPeerConnections(context);
  return context;
}

/** openUser (the SDK harness signed in as `user`) in a browser behind `network`. */
export async function openNatUser(network, parley, user, videochat = {}, { closers = cleanups } = {}) {
  const context = await natBrowser(network, parley, closers);
  return openUser({ ...parley, base: publicBase(parley) }, user, videochat, { context, closers });
}
