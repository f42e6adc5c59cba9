// Cuts and restores the media network of the test namespace (scripts/netns-run): removing
// the two veth addresses breaks every ICE candidate pair, as a lost Wi-Fi link does, while
// signaling on 127.0.0.1 stays up. Only meaningful (and only allowed) inside the namespace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

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
