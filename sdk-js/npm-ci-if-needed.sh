#!/usr/bin/env bash
# npm ci when node_modules is absent or was installed from another package-lock.json (a stamp file
# holds the lock file's hash). Needs Node.js 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "sdk-js: Node.js 20+ and npm are needed to build the browser SDK" >&2; exit 1; }
stamp=node_modules/.parley-lock.sha256
sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  echo "sdk-js: installing the npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$sum" >"$stamp"
fi
