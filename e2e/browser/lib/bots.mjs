// Light conference participants (sdk-java-webrtc's test tool dev.parley.sdk.bot.ConferenceBots):
// N participants in one JVM with real ICE, DTLS and SRTP and synthetic media, joined to a video room
// over the Janus API; each receives every other publisher and reports per feed what arrived (JSON
// lines). Needs the build with test classes; runs inside scripts/netns-run like the browsers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, STEP_MS, within } from './parley.mjs';
import { waitFor } from './browsers.mjs';

const SDK = path.join(ROOT, 'sdk-java-webrtc/target');

/** The java of a JDK 25 (the test classes' release), found as the launcher finds it: JAVA_HOME, else /usr/lib/jvm/temurin-25*. */
function java25() {
  const jvms = existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').filter((d) => d.startsWith('temurin-25')).map((d) => `/usr/lib/jvm/${d}`) : [];
  for (const home of [process.env.JAVA_HOME, ...jvms].filter(Boolean)) {
    const release = path.join(home, 'release');
    if (existsSync(path.join(home, 'bin/java')) && existsSync(release)
      && /^JAVA_VERSION="25([."]|$)/m.test(readFileSync(release, 'utf8'))) return path.join(home, 'bin/java');
  }
  assert.fail(`the bots need JDK 25: set JAVA_HOME to one (JAVA_HOME=${process.env.JAVA_HOME ?? 'unset'})`);
}

/**
 * Starts the bots: `participants` is [{id, token?}] (a token is each one's REST session; Janus
 * ignores it). Returns {pid, lines(), stats(id), waitLine(predicate, what, ms), exit, stop(), output()}.
 */
export function startBots({ server, room, participants, size = '160x120', fps = 15, duration = 300, closers }) {
  for (const file of ['test-classes/dev/parley/sdk/bot/ConferenceBots.class', 'parley-sdk-java-webrtc.jar']) {
    assert.ok(existsSync(path.join(SDK, file)), `${file} missing: build with the test classes (mvn install)`);
  }
  const args = ['--enable-native-access=ALL-UNNAMED', '-Xss512k', '-XX:+UseSerialGC', '-Xmx256m',
    '-cp', [`${SDK}/test-classes`, `${SDK}/parley-sdk-java-webrtc.jar`, `${SDK}/lib/*`].join(':'),
    'dev.parley.sdk.bot.ConferenceBots', '--server', server, '--room', String(room), '--size', size, '--fps', String(fps),
    '--duration', String(duration),
    ...participants.flatMap((p) => ['--participant', p.token ? `${p.id}:${p.token}` : String(p.id)])];
  const child = spawn(java25(), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const parsed = [];
  let buffered = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines.filter(Boolean)) {
      try { parsed.push(JSON.parse(line)); } catch { parsed.push({ type: 'text', text: line }); }
    }
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
    if (process.env.PARLEY_BROWSER_DEBUG) process.stderr.write(`[bots] ${chunk}`);
  });
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const handle = {
    pid: child.pid,
    lines: () => parsed,
    /** Every error and disconnection the bots reported, then their last 40 lines and stderr's end. */
    output: () => [
      '--- errors ---', ...parsed.filter((l) => l.type === 'error' || l.type === 'disconnected').slice(-40).map((l) => JSON.stringify(l)),
      '--- last lines ---', ...parsed.slice(-40).map((l) => JSON.stringify(l)),
      '--- stderr ---', err.slice(-4000)].join('\n'),
    /** The latest stats line of participant `id`, or undefined. */
    stats: (id) => parsed.findLast((l) => l.type === 'stats' && l.id === id),
    exit,
    async waitLine(predicate, what, ms = STEP_MS) {
      return waitFor(async () => parsed.find(predicate), () => `bots: ${what}\n${handle.output()}`, ms);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await within(15_000, exit, 'bots to stop').catch(() => child.kill('SIGKILL'));
      }
    },
  };
  closers.push(() => handle.stop());
  return handle;
}

/**
 * Resolves once every bot in `ids` has received, from every feed in `from` (other than itself),
 * decoded video that keeps coming and audio bytes; returns the last stats line of each bot.
 */
export async function assertBotsReceive(bots, ids, from, ms = 60_000) {
  const feedsOk = (line, base) => line && from.filter((f) => f !== line.id).every((f) => {
    const now = line.feeds[String(f)];
    const before = base?.feeds[String(f)];
    return now && now.framesDecoded > (before ? before.framesDecoded + 10 : 0) && now.audioBytes > (before?.audioBytes ?? 0);
  });
  const deadline = Date.now() + ms;
  let first = null;
  for (;;) {
    const lines = ids.map((id) => bots.stats(id));
    if (!first && lines.every((l) => feedsOk(l))) first = lines;
    else if (first && lines.every((l, i) => feedsOk(l, first[i]))) return lines;
    if (Date.now() > deadline) {
      const table = ids.map((id, i) => `bot ${id}: ${from.filter((f) => f !== id)
        .map((f) => `${f}=${lines[i]?.feeds[String(f)]?.framesDecoded ?? '-'}`).join(' ')}`).join('\n');
      throw new Error(`timed out after ${ms} ms: ${first ? 'media kept flowing to' : 'video and audio reached'} every bot `
        + `from the ${from.length} participants (frames decoded per feed):\n${table}\n${bots.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
