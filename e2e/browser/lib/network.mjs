// Network cuts inside the test namespace (scripts/netns-run), only meaningful (and only allowed)
// there: cutNetwork removes the two veth addresses, which breaks every ICE candidate pair of every
// browser, as a lost Wi-Fi link does, while signaling on 127.0.0.1 stays up; isolatedBrowserNetwork
// gives one browser a namespace of its own whose media link can be cut while the others carry on, or whose
// UDP is blocked as some corporate firewalls do.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
 * A network namespace of its own for one browser, inside the test namespace, joined to it by two veth links:
 * signaling (198.19.0.2 → the server at 198.19.0.1) and media (198.20.0.2, routed to the media address
 * PARLEY_ADDR_A). Cutting the media link cuts that browser's media alone, as a dying network does, while its
 * Janus connection stays up to report what happens. With `blockUdp`, an nftables rule in the namespace drops every
 * UDP datagram leaving it (loopback aside), so the browser reaches the SFU over TCP only (ICE-TCP, RFC 6544).
 * Returns {executable (a Chromium wrapper entering the namespace), enter (the command prefix that runs a program in
 * the namespace), signalingAddress, cutMedia(), close()}.
 */
export async function isolatedBrowserNetwork({ blockUdp = false } = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'namespaces are made only inside scripts/netns-run');
  const holder = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
  const pid = holder.pid;
  const nsenter = (...args) => execFileSync('nsenter', [`--net=/proc/${pid}/ns/net`, ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  // unshare starts in this namespace and moves into its own before it runs sleep.
  const own = readlinkSync('/proc/self/ns/net');
  for (let i = 0; ; i += 1) {
    let current = own;
    try { current = readlinkSync(`/proc/${pid}/ns/net`); } catch { /* not there yet */ }
    if (current !== own) break;
    assert.ok(i < 250, 'unshare did not make a network namespace within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  ip('link', 'add', 'ps0', 'type', 'veth', 'peer', 'name', 'ps1');
  ip('link', 'add', 'pm0', 'type', 'veth', 'peer', 'name', 'pm1');
  ip('link', 'set', 'ps1', 'netns', String(pid));
  ip('link', 'set', 'pm1', 'netns', String(pid));
  ip('addr', 'add', '198.19.0.1/24', 'dev', 'ps0');
  ip('addr', 'add', '198.20.0.1/24', 'dev', 'pm0');
  ip('link', 'set', 'ps0', 'up');
  ip('link', 'set', 'pm0', 'up');
  nsenter('ip', 'link', 'set', 'lo', 'up');
  nsenter('ip', 'addr', 'add', '198.19.0.2/24', 'dev', 'ps1');
  nsenter('ip', 'addr', 'add', '198.20.0.2/24', 'dev', 'pm1');
  nsenter('ip', 'link', 'set', 'ps1', 'up');
  nsenter('ip', 'link', 'set', 'pm1', 'up');
  nsenter('ip', 'route', 'add', `${process.env.PARLEY_ADDR_A}/32`, 'via', '198.20.0.1', 'dev', 'pm1');
  if (blockUdp) {
    nsenter('nft', 'add', 'table', 'inet', 'parley');
    nsenter('nft', 'add', 'chain', 'inet', 'parley', 'out', '{ type filter hook output priority 0 ; policy accept ; }');
    nsenter('nft', 'add', 'rule', 'inet', 'parley', 'out', 'oifname', '!=', 'lo', 'meta', 'l4proto', 'udp', 'counter', 'drop');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-netns-'));
  const executable = path.join(dir, 'chromium');
  writeFileSync(executable, `#!/bin/sh\nexec nsenter --net=/proc/${pid}/ns/net ${process.env.PARLEY_CHROMIUM || '/usr/bin/chromium'} "$@"\n`);
  chmodSync(executable, 0o755);
  return {
    executable,
    enter: ['nsenter', `--net=/proc/${pid}/ns/net`],
    signalingAddress: '198.19.0.1',
    cutMedia: () => ip('link', 'set', 'pm0', 'down'),
    close() {
      holder.kill('SIGKILL');
      for (const link of ['ps0', 'pm0']) {
        try { ip('link', 'del', link); } catch { /* went with the namespace */ }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
