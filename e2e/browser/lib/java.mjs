// The Java SDK in the browser tests: `./parley call` (sdk-java-webrtc's call tool, synthetic media)
// started as a user starts it, its output lines kept for the test to wait on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, STEP_MS, within } from './parley.mjs';
import { waitFor } from './browsers.mjs';

/**
 * Starts `./parley call` as `user` against `parley`; `args` picks the mode (`--to ID,...` or
 * `--answer`); `network` (natNetwork, network.mjs) runs it on that network's host. Returns
 * {lines(), waitLine(regex), exit (Promise of the exit code), stop()}.
 */
export function startJavaCall(parley, user, args, closers, { network } = {}) {
  const jar = path.join(ROOT, 'sdk-java-webrtc/target/parley-sdk-java-webrtc.jar');
  assert.ok(existsSync(jar), `the Java SDK is not built (${jar} missing)`);
  const launcher = path.join(ROOT, 'parley');
  const child = spawn(network ? network.wrap(launcher) : launcher, ['call', '--as', user.login, '--password', user.password,
    '--server', parley.base, '--app-id', String(parley.app.application_id), '--auth-key', parley.app.auth_key, ...args], {
    cwd: ROOT,
    env: { ...process.env, PARLEY_NO_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  child.stderr.on('data', (chunk) => { err += chunk; });
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const handle = {
    lines: () => out.split('\n').filter(Boolean),
    output: () => `${out}\n--- stderr ---\n${err}`,
    exit,
    async waitLine(regex, what, ms = STEP_MS) {
      return waitFor(async () => handle.lines().find((line) => regex.test(line)), () => `parley call ${user.login}: ${what}\n${out}`, ms);
    },
    /** Resolves with the exit code, failing the test if it does not come within ms. */
    async exitCode(ms = 60_000) {
      return within(ms, exit, () => `parley call ${user.login} to exit; output:\n${handle.output()}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await within(10_000, exit, 'parley call to stop').catch(() => child.kill('SIGKILL'));
      }
    },
  };
  closers.push(() => handle.stop());
  return handle;
}
