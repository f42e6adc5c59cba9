// The Java SDK's conference tool, `./parley conference` (sdk-java-webrtc's ConferenceCommand), as a participant of the
// browser tests: it joins a room with synthetic media, subscribes to every publisher and prints what it sees, one
// line per event ("user 5 (bob) publishes: subscribing", "user 5: audio stopped", "user 5: video now 640x480 (was
// 320x240)", "result user 5: media received"...), then exits 0 only if media flowed both ways. Runs inside
// scripts/netns-run like the browsers; needs the build (the launcher runs with PARLEY_NO_BUILD=1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './browsers.mjs';
import { ROOT, within } from './parley.mjs';

/**
 * Starts `./parley conference` as `user` ({login, password, id}) in `room` for at most `duration` seconds; with `network`
 * (isolatedBrowserNetwork), inside that namespace, reaching the server at its address there. Returns
 * {user, pid, lines(), waitLine(regexp, what, ms), leave() (the line `leave` on its standard input), exit (a promise
 * of the exit code), output(), stop()}.
 */
export function startJavaConference(parley, user, room, { duration = 30, closers, network }) {
  assert.ok(existsSync(path.join(ROOT, 'sdk-java-webrtc/target/parley-sdk-java-webrtc.jar')), 'build first: the Java SDK jar is missing');
  const server = network ? `http://${network.signalingAddress}:${parley.port}` : parley.base;
  const args = ['conference', '--server', server, '--app-id', String(parley.app.application_id), '--auth-key', parley.app.auth_key,
    '--as', user.login, '--password', user.password, '--room', String(room), '--duration', String(duration)];
  // nsenter execs the launcher (no fork for a network namespace), which execs java: the pid stays the JVM's.
  const [command, ...prefix] = network ? [...network.enter, path.join(ROOT, 'parley')] : [path.join(ROOT, 'parley')];
  const child = spawn(command, [...prefix, ...args], { cwd: ROOT, env: { ...process.env, PARLEY_NO_BUILD: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => {}); // a tool that already exited
  const lines = [];
  let buffered = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop();
    lines.push(...parts.filter(Boolean));
    if (process.env.PARLEY_BROWSER_DEBUG) process.stderr.write(`[java ${user.login}] ${parts.join('\n')}\n`);
  });
  child.stderr.on('data', (chunk) => { err += chunk; });
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const handle = {
    user,
    /** The JVM's pid (the launcher execs java). */
    pid: child.pid,
    lines: () => lines,
    // Every line that is not a once-a-second stats line (joins, subscriptions, tracks, connection states: what tells
    // a feed that never came apart from one that stopped), then the latest stats lines.
    output: () => {
      const events = lines.filter((l) => !/\] stats /.test(l));
      const stats = lines.filter((l) => /\] stats /.test(l)).slice(-12);
      return `--- ./parley conference as ${user.login} (events) ---\n${events.slice(-80).join('\n')}\n`
        + `--- latest stats ---\n${stats.join('\n')}\n--- stderr ---\n${err.slice(-3000)}`;
    },
    exit,
    /** The first line (after `from`, an index into lines()) matching `regexp`. */
    async waitLine(regexp, what, ms = 30_000, from = 0) {
      return waitFor(async () => lines.slice(from).find((l) => regexp.test(l)), () => `${user.login} (Java): ${what}\n${handle.output()}`, ms);
    },
    /** Asks the tool to leave now (it judges and exits as after its duration). */
    leave() {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write('leave\n');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await within(15_000, exit, 'the conference tool to stop').catch(() => child.kill('SIGKILL'));
      }
    },
  };
  closers.push(() => handle.stop());
  return handle;
}

/** Waits until the tool prints live media (video frames and a bitrate, audio) from each of `others` (user ids). */
export async function awaitJavaLiveMedia(java, others) {
  const from = java.lines().length;
  for (const id of others) {
    await java.waitLine(new RegExp(`stats user ${id}: video \\d+x\\d+ [1-9]\\d* frames decoded [1-9]\\d* kbit/s \\| audio [1-9]`),
      `live media from user ${id}`, 30_000, from);
  }
}

/**
 * Waits until the tool prints live media from each of `others` (user ids; not with `waited`, when the caller has
 * waited for that already), asks it to leave, and checks its verdict: exit 0, media received from each of them, and
 * the room receiving its own. Several tools in one room wait for each other first (awaitJavaLiveMedia for all, then
 * this with `waited`): one that leaves as soon as it is satisfied takes its media away from one that is not yet.
 */
export async function assertJavaVerdict(java, others, { waited = false } = {}) {
  if (!waited) await awaitJavaLiveMedia(java, others);
  java.leave();
  const code = await within(60_000, java.exit, `${java.user.login}'s ./parley conference to end`);
  assert.equal(code, 0, `./parley conference as ${java.user.login} exited ${code}\n${java.output()}`);
  for (const id of others) {
    assert.ok(java.lines().some((l) => new RegExp(`result user ${id}: media received`).test(l)), `${java.user.login} received user ${id}\n${java.output()}`);
  }
  assert.ok(java.lines().some((l) => /result sent: the room receives our media/.test(l)), java.output());
  assert.ok(java.lines().some((l) => /leaving after \d+ s, as asked/.test(l)), `${java.user.login} left when asked\n${java.output()}`);
}
