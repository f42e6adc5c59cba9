#!/usr/bin/env bash
# Browser tests (e2e/browser/*.test.mjs) in Debian's Chromium, driven by playwright-core, against the
# built server: the chat check (@xmpp/client), the P2P calls of the browser SDK, the demo app,
# calls with the unmodified ConnectyCube and QuickBlox SDKs, the ConnectyCube SDK's meetings calls
# (its Node build, no browser), and conferences (conference-*.test.mjs: the ConnectyCube SDK's
# conference client and janus.js, and a room of 12 filled up with sdk-java-webrtc's conference bots,
# which need the test classes of the build), and calls across NATs through coturn (turn.test.mjs: coturn and
# nftables installed). Media needs non-loopback addresses that touch no real interface, so
# the tests run inside scripts/netns-run.
# Before entering the namespace (which has no network) it installs the pinned npm packages (npm ci)
# when missing or when the lock file changed, and unpacks QuickBlox's browser bundle from its npm
# tarball (its npm install needs a git host; the tarball's integrity is checked against the pin).
# Run after the build; needs Node 20+, /usr/bin/chromium, iproute2 and util-linux (unshare).
#   scripts/test-browser.sh [TEST_FILE...]     (default: every e2e/browser/*.test.mjs)
#   scripts/test-browser.sh --prepare          (the npm packages and QuickBlox's bundle only; ./parley test runs it
#                                               beside the build)
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=e2e/browser
NETNS=scripts/netns-run
QB_VERSION=2.23.0
QB_INTEGRITY=sha512-ADSPBeiIUnsvY7unpjZ/HR4w9f/u4gzaW+QLcOErCAtb1UTX+FKZ886hci9xeqJW0UlPWhL8nOxrlY1jTExjMw==
die() { echo "test-browser: $*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null || die "Node.js 20+ and npm are needed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "Node.js 20+ is needed, found $(node --version)"
[ -x "${PARLEY_CHROMIUM:-/usr/bin/chromium}" ] || die "Chromium is needed: apt-get install -y chromium"

# npm ci when node_modules is absent or was installed from another lock file.
stamp="$DIR/node_modules/.parley-lock.sha256"
lock_sum="$(sha256sum "$DIR/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "test-browser: installing the npm packages (npm ci)" >&2
  (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  echo "$lock_sum" >"$stamp"
fi

qb="$DIR/vendor/quickblox-$QB_VERSION"
if [ ! -f "$qb/quickblox.min.js" ]; then
  echo "test-browser: fetching quickblox@$QB_VERSION's browser bundle (npm pack)" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "quickblox@$QB_VERSION" --silent >/dev/null) || die "npm pack quickblox@$QB_VERSION failed"
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/quickblox-$QB_VERSION.tgz" | base64 -w0)"
  [ "$got" = "$QB_INTEGRITY" ] || die "quickblox-$QB_VERSION.tgz has integrity $got, expected $QB_INTEGRITY"
  mkdir -p "$qb"
  tar xzf "$tmp/quickblox-$QB_VERSION.tgz" -C "$qb" --strip-components=1 package/quickblox.min.js package/LICENSE.md 2>/dev/null \
    || tar xzf "$tmp/quickblox-$QB_VERSION.tgz" -C "$qb" --strip-components=1 package/quickblox.min.js
fi

[ "${1:-}" != --prepare ] || exit 0
[ -f server/target/parley-server.jar ] || die "the server is not built: build it first"
[ -x "$NETNS" ] || die "$NETNS is missing: the media tests need its private network namespace"

# The test files are listed by the shell: Node 20 searches a directory argument, newer Node reads
# arguments as globs. One file at a time (the browsers of one file keep both cores busy), each in a
# namespace of its own, so one file's network cuts, NATs and rate caps touch no other file. Each file's
# TAP output is followed by a summary line, and when it failed by what its Parley servers logged.
[ $# -gt 0 ] || set -- "$DIR"/*.test.mjs
for file in "$@"; do [ -f "$file" ] || die "no test file $file"; done

results="$(mktemp -d)"
trap 'rm -rf "$results" "${tmp:-}"' EXIT
failed=()
for file in "$@"; do
  name="${file##*/}"
  logs="$results/${name%.test.mjs}"
  mkdir "$logs"
  start="$(date +%s)"
  status=0
  PARLEY_BROWSER_LOG_DIR="$logs" "$NETNS" node --test --test-reporter=tap "$file" | tee "$logs/tap" || status=$?
  if [ "$status" != 0 ]; then
    failed+=("$file")
    # What the servers said: their warnings and errors and the media transports' lines, the last 150 of each.
    for server_log in "$logs"/parley-*.log; do
      [ -f "$server_log" ] || continue
      echo "test-browser: $file: server log ${server_log##*/} (warnings, errors and media transports, the last 150 lines):"
      { grep -E ' (WARN|ERROR) |MediaTransport|Exception' "$server_log" || true; } | tail -150 | sed 's/^/  | /'
    done
  fi
  echo "test-browser: $file: $(grep -c '^ok ' "$logs/tap" || true) passed, $(grep -c '^not ok ' "$logs/tap" || true) failed, exit $status, $(( $(date +%s) - start )) s"
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test-browser: failed: ${failed[*]}" >&2
  exit 1
fi
echo "test-browser: all $# files passed"
