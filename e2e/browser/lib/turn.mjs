// coturn (Debian's `turnserver`) for the NAT tests: started inside the test namespace (scripts/netns-run) on its
// "public" address PARLEY_ADDR_B with the TURN REST API shared secret, as docs/turn.md runs it in production, and
// the ICE candidate pairs a page's peer connections selected, to tell a relayed call from a direct one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanups, within } from './parley.mjs';
import { waitFor } from './browsers.mjs';

export const TURNSERVER = '/usr/bin/turnserver';
export const TURN_PORT = 3478;

/**
 * Starts coturn on PARLEY_ADDR_B:3478 (UDP and TCP; no TLS) relaying from the same address, with `use-auth-secret`
 * and `secret`: it accepts the time-limited credentials Parley issues (username `expiry:userId`, password
 * base64(HMAC-SHA1(secret, username))) and nothing else. Relaying to the test namespace's addresses is allowed
 * (`allowed-peer-ip`, which wins over any denied range). `extra` adds command-line options. Resolves once it listens,
 * with {url(transport), log(), allocations(userId)} (the allocations coturn granted to that user's credentials).
 */
export async function startCoturn(secret, { extra = [], closers = cleanups } = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'coturn for the tests runs only inside scripts/netns-run');
  assert.ok(existsSync(TURNSERVER), `${TURNSERVER} missing: apt-get install -y coturn`);
  const address = process.env.PARLEY_ADDR_B;
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-coturn-'));
  const child = spawn(TURNSERVER, ['-n', '--listening-ip', address, '--relay-ip', address, '--listening-port', String(TURN_PORT),
    '--realm', 'parley.local', '--use-auth-secret', '--static-auth-secret', secret, '--fingerprint',
    '--no-tls', '--no-dtls', '--no-cli', '--no-multicast-peers', '--allowed-peer-ip', '198.18.0.0-198.19.255.255',
    // The users' own LAN addresses (natNetwork's 10.N.0.2) are refused as peers, as docs/turn.md has production refuse
    // private networks: nothing routes there from the test namespace, and coturn drops an allocation whose relay
    // socket gets "network unreachable".
    '--denied-peer-ip', '10.0.0.0-10.255.255.255',
    '--min-port', '49152', '--max-port', '49999', '--log-file', 'stdout', '--simple-log', '--verbose',
    '--pidfile', path.join(dir, 'turnserver.pid'), '--userdb', path.join(dir, 'turndb'), ...extra],
  { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
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
    /** The requests coturn refused for a wrong or expired credential of that user (401 after a credential was given). */
    refusals: (userId) => output.split('\n')
      .filter((line) => new RegExp(`user <\\d+:${userId}>: .*(401|Unauthorized|wrong credentials|cannot find credentials)`, 'i').test(line)).length,
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
