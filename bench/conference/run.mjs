// What the conference benchmarks share: their command line (`--window S`, `--servers janus,parley` and their own
// options) and the run over the servers it names, each started by the benchmark's factory for it.
import { parseArgs } from 'node:util';
import { runCleanups } from '../../e2e/browser/lib/parley.mjs';

/** The options: `own` (parseArgs' option specs) besides --window (seconds, 30) and --servers (janus). */
export function benchOptions(own) {
  return parseArgs({ options: {
    window: { type: 'string', default: '30' },
    servers: { type: 'string', default: 'janus' },
    ...own,
  } }).values;
}

/**
 * Starts each server named in `servers` (comma-separated keys of `factories`) in turn and measures it; the servers
 * stop (the cleanup stack runs) at the end, also when a measurement fails.
 */
export async function eachServer(servers, factories, measure) {
  try {
    for (const name of servers.split(',')) {
      if (!factories[name]) throw new Error(`unknown server ${name}: one of ${Object.keys(factories).join(', ')}`);
      await measure(await factories[name]());
    }
  } finally {
    await runCleanups();
  }
}
