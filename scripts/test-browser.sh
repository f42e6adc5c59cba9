#!/usr/bin/env bash
# Browser check of the chat server: @xmpp/client's browser build in Debian's Chromium connects to the
# built server over XMPP-over-WebSocket and exchanges a call signal (e2e/browser/chat.test.mjs).
# Installs the pinned npm packages (npm ci) when they are missing or the lock file changed, then runs
# the test with Node's test runner. Run after the build; needs Node 20+ and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=e2e/browser
die() { echo "test-browser: $*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null || die "Node.js 20+ and npm are needed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "Node.js 20+ is needed, found $(node --version)"
[ -x "${PARLEY_CHROMIUM:-/usr/bin/chromium}" ] || die "Chromium is needed: apt-get install -y chromium"
[ -f server/target/parley-server.jar ] || die "the server is not built: build it first"

# npm ci when node_modules is absent or was installed from another lock file.
stamp="$DIR/node_modules/.parley-lock.sha256"
lock_sum="$(sha256sum "$DIR/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "test-browser: installing the npm packages (npm ci)" >&2
  (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  echo "$lock_sum" >"$stamp"
fi

# The test files are listed by the shell: Node 20 searches a directory argument, newer Node reads
# arguments as globs.
node --test "$DIR"/*.test.mjs
