// Janus 1.1.2 from Debian's `janus` package as the reference conference server: started inside the
// test network namespace (scripts/netns-run) with the config templates beside this file, filled in
// a temp folder (only the video room plugin and the WebSocket transport load, ICE only on the
// namespace's 198.18.0.1, the API on 127.0.0.1). Nothing of Janus is kept in the repository.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanups, freePort, within } from '../../e2e/browser/lib/parley.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES = path.join(HERE, 'janus');
const JANUS = process.env.PARLEY_JANUS || '/usr/bin/janus';
const LIBS = '/usr/lib/x86_64-linux-gnu/janus';

/**
 * Starts Janus; resolves once its WebSocket transport listens, with {ws, port, pid, log()}. Its stop goes
 * on `closers` (by default the cleanup stack of the script). `wsIp` is the address its WebSocket listens on,
 * `rtpPorts` the UDP ports its peer connections take ("min-max"). `browserNamespaces` lets browsers in namespaces
 * of their own (e2e/browser/lib/network.mjs isolatedBrowserNetwork) reach it: its WebSocket then listens on every
 * address, and their networks are routed over the media link (see reachOverMediaLink).
 */
export async function startJanus({ closers = cleanups, wsIp = '127.0.0.1', rtpPorts = '10000-60000',
  browserNamespaces = false } = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'Janus runs only inside the test network namespace (scripts/netns-run)');
  if (browserNamespaces) {
    reachOverMediaLink();
    wsIp = '0.0.0.0';
  }
  assert.ok(existsSync(JANUS), `${JANUS} missing: apt-get install -y janus`);
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-janus-'));
  const port = await freePort();
  const values = {
    CONFIGS: dir, PLUGINS: path.join(dir, 'plugins'), TRANSPORTS: path.join(dir, 'transports'), EMPTY: path.join(dir, 'empty'),
    MEDIA_ADDRESS: process.env.PARLEY_ADDR_A, WS_PORT: String(port), WS_IP: wsIp, RTP_PORTS: rtpPorts,
  };
  for (const folder of ['plugins', 'transports', 'empty']) mkdirSync(path.join(dir, folder));
  symlinkSync(path.join(LIBS, 'plugins/libjanus_videoroom.so'), path.join(values.PLUGINS, 'libjanus_videoroom.so'));
  symlinkSync(path.join(LIBS, 'transports/libjanus_websockets.so'), path.join(values.TRANSPORTS, 'libjanus_websockets.so'));
  for (const name of readdirSync(TEMPLATES)) {
    const text = readFileSync(path.join(TEMPLATES, name), 'utf8').replace(/@([A-Z_]+)@/g, (_, key) => {
      assert.ok(values[key] !== undefined, `${name}: unknown placeholder @${key}@`);
      return values[key];
    });
    writeFileSync(path.join(dir, name), text);
  }
  const child = spawn(JANUS, ['-C', path.join(dir, 'janus.jcfg'), '-F', dir, '--disable-colors'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await within(10_000, exited, 'Janus stop').catch(async () => { child.kill('SIGKILL'); await exited; });
    }
    if (process.env.PARLEY_BROWSER_KEEP_DATA) console.error('Janus config and log kept in', dir);
    else rmSync(dir, { recursive: true, force: true });
  });
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(`Websockets server started (port ${port})`)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`janus exited (${code ?? signal}):\n${output}`)));
  });
  await within(15_000, ready, `Janus's WebSocket transport; output so far:\n${output}`);
  return { ws: `ws://127.0.0.1:${port}/janus`, port, pid: child.pid, log: () => output, room: 1234 };
}

/**
 * Janus's ICE (libnice) sends from sockets tied to the device of its media address (PARLEY_LINK_A), so it reaches
 * only what is routed over that link: the browsers' own namespaces (198.19.0.0/24 and 198.20.0.0/24, see
 * isolatedBrowserNetwork) get a route over it to its other end (PARLEY_ADDR_B), which forwards them on to their
 * links; that end accepts packets whose source is one of the namespace's own addresses (accept_local), as Janus's
 * are. Inside the test namespace only.
 */
function reachOverMediaLink() {
  const run = (command, ...args) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const peer = process.env.PARLEY_LINK_B;
  for (const setting of ['net.ipv4.ip_forward=1', `net.ipv4.conf.${peer}.accept_local=1`, `net.ipv4.conf.${peer}.rp_filter=0`]) {
    run('sysctl', '-qw', setting);
  }
  for (const net of ['198.19.0.0/24', '198.20.0.0/24']) {
    run('ip', 'route', 'replace', net, 'via', process.env.PARLEY_ADDR_B, 'dev', process.env.PARLEY_LINK_A, 'metric', '500');
  }
}
