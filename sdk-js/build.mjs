// Builds the SDK: dist/parley.js (one ES module for browsers, @xmpp/client inside) with its source
// map, and dist/types/ (TypeScript declarations generated from the JSDoc of src/).
// Then lays out the web root the server serves: target/webroot/sdk/ (the SDK) and target/webroot/
// (the demo app). Run: npm run build
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const webroot = path.join(here, 'target/webroot');
rmSync(dist, { recursive: true, force: true });
rmSync(webroot, { recursive: true, force: true });

await build({
  entryPoints: [path.join(here, 'src/index.js')],
  outfile: path.join(dist, 'parley.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [withoutNodeDns()],
});

execFileSync(process.execPath, [path.join(here, 'node_modules/typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json')],
  { stdio: 'inherit' });

mkdirSync(webroot, { recursive: true });
cpSync(path.join(here, 'demo'), webroot, { recursive: true });
cpSync(dist, path.join(webroot, 'sdk'), { recursive: true });

// @xmpp/resolve's DNS look-up is for Node only (its package.json maps it away for browsers, under a
// name esbuild does not match); the SDK always gives a WebSocket URL, so an empty module stands in.
function withoutNodeDns() {
  return {
    name: 'without-node-dns',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/lib\/dns\.js$/ }, (args) =>
        (args.importer.includes(`${path.sep}@xmpp${path.sep}resolve${path.sep}`) ? { path: 'dns', namespace: 'empty' } : undefined));
      builder.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
}
