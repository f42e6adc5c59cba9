// The SFU at scale (docs/benchmarks.md, issue 15): Parley and Janus 1.1.2 (Debian's `janus`) loaded by the same
// synthetic participants, in one run inside the test network namespace. This script starts each server in turn
// (Parley as `./parley run` does, Janus from the templates in bench/conference/janus) and runs the load tool,
// bench/sfu-load (one JVM: Janus-API signalling over WebSocket, ICE, DTLS 1.2, SRTP, recorded VP8 simulcast and
// Opus from bench/sfu-load/target/media), against it; the tool prints one Markdown table row per measurement.
//
// Usage (bench/sfu-load.sh runs it inside scripts/netns-run):
//   node bench/sfu-load.mjs --mode fanout|mesh [--steps 10,25,50] [--sizes 6,12] [--window 15]
//        [--servers janus,parley] [--simulcast true|false]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startParley } from '../e2e/browser/lib/parley.mjs';
import { startJanus } from './conference/janus.mjs';
import { benchOptions, eachServer } from './conference/run.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = benchOptions({
  mode: { type: 'string', default: 'fanout' },
  steps: { type: 'string', default: '10,25,50,100' },
  sizes: { type: 'string', default: '6,12' },
  simulcast: { type: 'string', default: 'true' },
  warmup: { type: 'string', default: '5' },
});
const JAVA = path.join(process.env.JAVA_HOME || '/usr/lib/jvm/temurin-25-jdk-amd64', 'bin/java');

async function janus112() {
  const janus = await startJanus();
  return { name: 'Janus 1.1.2', ws: janus.ws, pid: janus.pid, args: [], log: janus.log };
}

/**
 * Parley as the conference tests start it (e2e/browser/lib/conference.mjs), media on the namespace's address. All
 * the tool's participants come from one address, where real ones would come from hundreds: the per-address limits
 * (512 connections, the login rate) are lifted for the run, or steps above ~500 subscribers could not connect.
 */
async function parley() {
  const server = await startParley({
    env: {
      PARLEY_MEDIA_HOST: process.env.PARLEY_ADDR_A,
      PARLEY_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      PARLEY_RATE_LIMIT_AUTH_BURST: '100000',
      PARLEY_RATE_LIMIT_AUTH_PER_SECOND: '100000',
    },
  });
  return {
    name: 'Parley', ws: `${server.base.replace(/^http/, 'ws')}/janus`, pid: server.pid,
    log: server.log, args: ['--parley', server.base, '--app-id', String(server.app.application_id), '--auth-key', server.app.auth_key, '--jfr', 'true'],
  };
}

/** Runs the load tool against `server`; resolves with its table rows. */
function load(server) {
  const args = ['-Xmx1g', '-jar', path.join(ROOT, 'bench/sfu-load/target/sfu-load.jar'),
    '--server', server.name, '--ws', server.ws, '--pid', String(server.pid), ...server.args,
    '--media', path.join(ROOT, 'bench/sfu-load/target/media'), '--address', process.env.PARLEY_ADDR_A,
    '--mode', opts.mode, '--steps', opts.steps, '--sizes', opts.sizes, '--window', opts.window, '--warmup', opts.warmup,
    '--simulcast', opts.simulcast];
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').filter(Boolean))
      : reject(new Error(`sfu-load exited with ${code} against ${server.name}; the server's log ends:\n${server.log().slice(-3000)}`))));
  });
}

const rows = [];
await eachServer(opts.servers, { janus: janus112, parley }, async (server) => {
  rows.push(...await load(server));
});
console.log('| server | load | streams flowing/offered | packets/s delivered (of those sent × receivers) | loss (raw) | jitter (RFC 3550, mean) '
  + '| added latency p50 | p99 | server CPU | per forwarded video stream (with its audio) | packets forwarded per CPU-second '
  + '| load tool CPU | local send drops | media thread allocation (JFR, next window) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
