// Network cuts inside the test namespace (scripts/netns-run), only meaningful (and only allowed)
// there: cutNetwork removes the two veth addresses, which breaks every ICE candidate pair of every
// browser, as a lost Wi-Fi link does, while signaling on 127.0.0.1 stays up; isolatedBrowserNetwork
// gives one browser a namespace of its own whose media link can be cut while the others carry on, or impaired (loss,
// a rate cap, delay and jitter), or whose UDP is blocked as some corporate firewalls do;
// natNetwork puts a browser or a Java SDK user behind a symmetric NAT (or a UDP-blocking firewall) of its own.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { within } from './parley.mjs';

const RELAY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'udp-relay.mjs');

const LINKS = [[`${process.env.PARLEY_ADDR_A}/24`, process.env.PARLEY_LINK_A],
  [`${process.env.PARLEY_ADDR_B}/24`, process.env.PARLEY_LINK_B]];

function ip(...args) {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function cutNetwork() {
  assert.equal(process.env.PARLEY_NETNS, '1', 'network cuts run only inside scripts/netns-run');
  for (const [address, link] of LINKS) ip('addr', 'del', address, 'dev', link);
}

export function restoreNetwork() {
  for (const [address, link] of LINKS) ip('addr', 'add', address, 'dev', link);
}

/**
 * A network namespace of its own inside the test namespace, held open by a sleeping process: {pid, run(...command)
 * (a command inside it), wrap(executable) (a wrapper script that runs `executable` inside it), close()}.
 */
async function namespace() {
  assert.equal(process.env.PARLEY_NETNS, '1', 'namespaces are made only inside scripts/netns-run');
  const holder = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
  const pid = holder.pid;
  // unshare starts in this namespace and moves into its own before it runs sleep.
  const own = readlinkSync('/proc/self/ns/net');
  for (let i = 0; ; i += 1) {
    let current = own;
    try { current = readlinkSync(`/proc/${pid}/ns/net`); } catch { /* not there yet */ }
    if (current !== own) break;
    assert.ok(i < 250, 'unshare did not make a network namespace within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const enter = `--net=/proc/${pid}/ns/net`;
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-netns-'));
  const ns = {
    pid,
    enter,
    run: (...args) => execFileSync('nsenter', [enter, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }),
    /** A wrapper script (in a temp dir of the namespace's) that execs `executable` with its arguments inside it. */
    wrap(executable, name = path.basename(executable)) {
      const wrapper = path.join(dir, name);
      writeFileSync(wrapper, `#!/bin/sh\nexec nsenter ${enter} ${executable} "$@"\n`);
      chmodSync(wrapper, 0o755);
      return wrapper;
    },
    close() {
      holder.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  ns.run('ip', 'link', 'set', 'lo', 'up');
  return ns;
}

/** Loads an nftables ruleset (lines) in the namespace `ns` (or in the test namespace). */
function nft(lines, ns) {
  const command = ns ? ['nsenter', [ns.enter, 'nft', '-f', '-']] : ['nft', ['-f', '-']];
  execFileSync(command[0], command[1], { input: `${lines.join('\n')}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
}

/**
 * A network namespace of its own for one browser, inside the test namespace, joined to it by two veth links:
 * signaling (198.19.0.2 → the server at 198.19.0.1) and media (198.20.0.2, routed to the media address
 * PARLEY_ADDR_A). Cutting the media link cuts that browser's media alone, as a dying network does, while its
 * Janus connection stays up to report what happens. With `blockUdp`, an nftables rule in the namespace drops every
 * UDP datagram leaving it (loopback aside), so the browser reaches the SFU over TCP only (ICE-TCP, RFC 6544).
 *
 * The media link can be impaired, as a poor network is, while signaling stays clean:
 * - `downlinkLoss` / `uplinkLoss` (percent): nftables drops that share of what the media link carries to / from the
 *   browser, where it arrives, each packet on its own draw (`numgen random`: independent, not bursty, loss);
 * - `downlinkKbit`: a token bucket (tc `tbf`) on the test namespace's end of the media link caps what reaches the
 *   browser at that rate; what exceeds it waits in a queue of 200 ms at that rate, then is dropped, as at a slow
 *   access link;
 * - `relay: {ports, delay, jitter}` (ms): the browser's UDP to those ports of PARLEY_ADDR_A goes through
 *   udp-relay.mjs (its own process, bound to 198.20.0.1), which delays each datagram either way by `delay` plus a
 *   uniform draw in [0, jitter) (see there). nftables DNATs them to it, and drops what would go around it (ICE-TCP,
 *   other ports, the server's own checks toward the browser's candidates), so all media takes that path.
 * Loss applies after the relay's delay on the way down, the rate cap between the two.
 * Returns {executable (a Chromium wrapper entering the namespace), enter (the command prefix that runs a program in
 * the namespace), signalingAddress, cutMedia(), relayStats() (the relay's counts: datagrams delivered up and down,
 * dropped), close()}.
 */
export async function isolatedBrowserNetwork({ blockUdp = false, downlinkLoss = 0, uplinkLoss = 0, downlinkKbit, relay } = {}) {
  const ns = await namespace();
  let relayProcess = null;
  ip('link', 'add', 'ps0', 'type', 'veth', 'peer', 'name', 'ps1');
  ip('link', 'add', 'pm0', 'type', 'veth', 'peer', 'name', 'pm1');
  ip('link', 'set', 'ps1', 'netns', String(ns.pid));
  ip('link', 'set', 'pm1', 'netns', String(ns.pid));
  ip('addr', 'add', '198.19.0.1/24', 'dev', 'ps0');
  ip('addr', 'add', '198.20.0.1/24', 'dev', 'pm0');
  ip('link', 'set', 'ps0', 'up');
  ip('link', 'set', 'pm0', 'up');
  ns.run('ip', 'addr', 'add', '198.19.0.2/24', 'dev', 'ps1');
  ns.run('ip', 'addr', 'add', '198.20.0.2/24', 'dev', 'pm1');
  ns.run('ip', 'link', 'set', 'ps1', 'up');
  ns.run('ip', 'link', 'set', 'pm1', 'up');
  ns.run('ip', 'route', 'add', `${process.env.PARLEY_ADDR_A}/32`, 'via', '198.20.0.1', 'dev', 'pm1');
  if (blockUdp) {
    nft(['table inet parley {', '  chain out {', '    type filter hook output priority 0; policy accept;',
      '    oifname != "lo" meta l4proto udp counter drop', '  }', '}'], ns);
  }
  const close = () => {
    relayProcess?.kill('SIGKILL');
    if (uplinkLoss) {
      try { nft(['delete table inet uplink_loss']); } catch { /* not made */ }
    }
    ns.close();
    for (const link of ['ps0', 'pm0']) {
      try { ip('link', 'del', link); } catch { /* went with the namespace */ }
    }
  };
  try {
    impairLoss(ns, downlinkLoss, uplinkLoss);
    if (downlinkKbit) {
      // 200 ms of queue at the capped rate; a burst of a few full-size packets, as a DSL or mobile link allows.
      execFileSync('tc', ['qdisc', 'add', 'dev', 'pm0', 'root', 'tbf', 'rate', `${downlinkKbit}kbit`, 'burst', '4500',
        'latency', '200ms'], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    if (relay) relayProcess = await startRelay(ns, relay);
  } catch (e) {
    close();
    throw e;
  }
  return {
    executable: ns.wrap(process.env.PARLEY_CHROMIUM || '/usr/bin/chromium', 'chromium'),
    enter: ['nsenter', ns.enter],
    signalingAddress: '198.19.0.1',
    cutMedia: () => ip('link', 'set', 'pm0', 'down'),
    relayStats: () => relayProcess?.stats() ?? Promise.resolve(null),
    close,
  };
}

/**
 * Random loss on a browser's media link, dropped where the packets arrive: `down` percent of what reaches the
 * browser's namespace over pm1, `up` percent of what reaches the test namespace over pm0 from the browser. (A drop on
 * the sender's own output hook would fail its send call with EPERM, which the sender notices and retries: no loss.)
 * The uplink's table is the test namespace's: close() deletes it.
 */
function impairLoss(ns, down, up) {
  for (const share of [down, up]) assert.ok(Number.isInteger(share) && share >= 0 && share <= 100, `loss ${share} is 0..100 %`);
  const rule = (hook, link, share) => ['  chain in {', `    type filter hook ${hook} priority -300; policy accept;`,
    `    iifname "${link}" numgen random mod 100 < ${share} counter drop`, '  }'];
  if (down) nft(['table inet downlink_loss {', ...rule('input', 'pm1', down), '}'], ns);
  if (up) nft(['table inet uplink_loss {', ...rule('prerouting', 'pm0', up), '}']);
}

/**
 * Starts udp-relay.mjs in the test namespace on the browser namespace's media link (198.20.0.1), relaying `ports` of
 * PARLEY_ADDR_A, and sends the browser's media for those ports through it. Returns {stats(), kill(signal)}.
 */
async function startRelay(ns, { ports, delay = 0, jitter = 0 }) {
  assert.ok(ports?.length > 0, 'the relay needs the media server\'s UDP ports');
  const server = process.env.PARLEY_ADDR_A;
  const child = spawn(process.execPath, [RELAY, JSON.stringify({ listen: '198.20.0.1', upstream: server, ports, delay, jitter })],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = (what) => within(5000, new Promise((resolve) => waiting.push(resolve)), what);
  try {
    assert.equal(await next('the UDP relay to start'), 'ready');
    // The browser's datagrams for the server go to the relay instead (the answers come back translated by conntrack);
    // whatever would pass it by is dropped: the filter hooks run after the DNAT on the way out and before the answers'
    // source is translated back on the way in, so only the relay's own traffic carries the server's address there.
    nft(['table ip relay {', '  chain nat {', '    type nat hook output priority -100; policy accept;',
      `    ip daddr ${server} udp dport { ${ports.join(', ')} } dnat to 198.20.0.1`, '  }',
      '  chain out {', '    type filter hook output priority 0; policy accept;', `    ip daddr ${server} counter drop`, '  }',
      '  chain in {', '    type filter hook input priority 0; policy accept;', `    ip saddr ${server} counter drop`, '  }', '}'], ns);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    async stats() {
      const answer = next('the UDP relay\'s counts');
      child.stdin.write('stats\n');
      return JSON.parse(await answer);
    },
    kill: (signal) => child.kill(signal),
  };
}

/**
 * A host behind a NAT router of its own, as a user at home or in an office sits behind one: two namespaces inside
 * the test namespace, the host's (LAN 10.N.0.2/24) and its router's (LAN 10.N.0.1, WAN 198.18.(10+N).2/24 on a veth
 * link whose other end, 198.18.(10+N).1, is in the test namespace). The router masquerades with a random source port
 * per connection (`masquerade random,fully-random`): a symmetric NAT (RFC 4787 address-and-port-dependent mapping and
 * filtering), so a STUN-learned address works only toward the STUN server and two such hosts can reach each other
 * only through a relay. The test namespace forwards between the routers' links as the Internet would. The host
 * routes only to 198.18.0.0/15 (the test namespace's addresses, PARLEY_ADDR_A and PARLEY_ADDR_B among them), which
 * has no route onward: nothing leaves the test namespace.
 * `allowTcpPorts` makes the router a firewall that lets out only TCP to those ports (and what answers it): no UDP
 * at all, as on networks that block it.
 * Returns {address (the host's LAN address), publicAddress (its router's WAN address), wrap(executable) (a script
 * running it on the host), run(...command), close()}.
 * @param {number} n 1..99, distinct among the NATs that exist at once
 * @param {{allowTcpPorts?: number[]}} [options]
 */
export async function natNetwork(n, { allowTcpPorts } = {}) {
  assert.ok(Number.isInteger(n) && n >= 1 && n <= 99, `NAT number ${n} is 1..99`);
  const [host, router] = [await namespace(), await namespace()];
  const uplink = `pnat${n}`;
  const net = `198.18.${10 + n}`;
  try {
    ip('link', 'add', uplink, 'type', 'veth', 'peer', 'name', 'wan', 'netns', String(router.pid));
    ip('addr', 'add', `${net}.1/24`, 'dev', uplink);
    ip('link', 'set', uplink, 'up');
    router.run('ip', 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(host.pid));
    router.run('ip', 'addr', 'add', `${net}.2/24`, 'dev', 'wan');
    router.run('ip', 'addr', 'add', `10.${n}.0.1/24`, 'dev', 'lan');
    router.run('ip', 'link', 'set', 'wan', 'up');
    router.run('ip', 'link', 'set', 'lan', 'up');
    router.run('ip', 'route', 'add', '198.18.0.0/15', 'via', `${net}.1`);
    router.run('sysctl', '-qw', 'net.ipv4.ip_forward=1');
    host.run('ip', 'addr', 'add', `10.${n}.0.2/24`, 'dev', 'eth0');
    host.run('ip', 'link', 'set', 'eth0', 'up');
    host.run('ip', 'route', 'add', '198.18.0.0/15', 'via', `10.${n}.0.1`);
    const out = allowTcpPorts ? `iifname "lan" tcp dport { ${allowTcpPorts.join(', ')} } accept` : 'iifname "lan" accept';
    nft(['table ip nat {', ' chain post {', '  type nat hook postrouting priority srcnat', '  oifname "wan" masquerade random,fully-random',
      ' }', '}', 'table inet filter {', ' chain through {', '  type filter hook forward priority filter; policy drop',
      '  ct state established,related accept', `  ${out}`, ' }',
      // What comes from outside unasked is dropped silently, as home routers do (no ICMP port unreachable).
      ' chain in {', '  type filter hook input priority filter; policy drop', '  ct state established,related accept',
      '  iifname { "lo", "lan" } accept', ' }', '}'], router);
    execFileSync('sysctl', ['-qw', 'net.ipv4.ip_forward=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    host.close();
    router.close();
    try { ip('link', 'del', uplink); } catch { /* not made */ }
    throw e;
  }
  return {
    address: `10.${n}.0.2`,
    publicAddress: `${net}.2`,
    wrap: (executable, name) => host.wrap(executable, name),
    run: (...args) => host.run(...args),
    close() {
      host.close();
      router.close();
      try { ip('link', 'del', uplink); } catch { /* went with the router's namespace */ }
    },
  };
}
