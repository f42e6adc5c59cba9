// The call behaviour both SDKs share (docs/protocol.md §3.3 and the races around it), replayed from the
// language-neutral scenario files in sdk-scenarios/calls/. The Java SDK's suite replays the same files.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from './scenario-runner.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../sdk-scenarios/calls');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('the shared scenarios are there', () => {
  if (files.length === 0) throw new Error(`no scenarios in ${dir}`);
});

for (const file of files) {
  const scenario = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  test(`${file}: ${scenario.title}`, () => runScenario(scenario));
}
