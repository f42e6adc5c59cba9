#!/usr/bin/env bash
# Tests of the built launcher as a user runs it (after the build):
#   - `./parley help`, an unknown command and bad `./parley call` / `./parley conference` arguments answer as documented;
#   - start-up failures are one line on stderr and a non-zero exit;
#   - `./parley run` on an empty data directory starts without Maven and without network access
#     (inside scripts/netns-run, which has no route out), prints its ready line, writes default-app.json
#     readable by its owner only, and serves a session over HTTP and HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-launcher: $*" >&2; exit 1; }
TMP="$(mktemp -d /tmp/parley-launcher-XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
export PARLEY_NO_BUILD=1

# help: every command, and nothing of the script itself.
./parley help >"$TMP/help" 2>&1 || fail "./parley help exited $?"
for command in run app call conference build test help; do
  grep -qE "^  $command\b" "$TMP/help" || fail "./parley help does not list '$command': $(cat "$TMP/help")"
done
! grep -q 'set -e' "$TMP/help" || fail "./parley help prints the script's own lines"

# An unknown command: exit 2 with the usage, before any build or Java start.
status=0; PARLEY_NO_BUILD=0 ./parley frobnicate >"$TMP/out" 2>"$TMP/err" || status=$?
[ "$status" = 2 ] || fail "unknown command exited $status, expected 2"
grep -q "unknown command 'frobnicate'" "$TMP/err" && grep -q '^Usage:' "$TMP/err" || fail "unknown command: $(cat "$TMP/err")"
! grep -qi 'building' "$TMP/err" || fail "an unknown command started a build"

# parley call with bad arguments: exit 2 (usage), as its --help says.
for args in "--as alice" "--as a --password p --to 1 --answer" "--as a --password p --to 1 --duration 0"; do
  status=0; # shellcheck disable=SC2086
  ./parley call $args >"$TMP/out" 2>&1 || status=$?
  [ "$status" = 2 ] || fail "./parley call $args exited $status, expected 2: $(cat "$TMP/out")"
done
for args in "--as alice --password p" "--as a --password p --room r --duration 0" "--as a --password p --room r --size big"; do
  status=0; # shellcheck disable=SC2086
  ./parley conference $args >"$TMP/out" 2>&1 || status=$?
  [ "$status" = 2 ] || fail "./parley conference $args exited $status, expected 2: $(cat "$TMP/out")"
done

# Start-up failures: one line, exit 1.
echo "not a directory" >"$TMP/a-file"
for command in "run --data $TMP/a-file/data --port 0 --https-port -1 --xmpp-port -1" "app create --name x --data $TMP/a-file/data"; do
  status=0; # shellcheck disable=SC2086
  ./parley $command >"$TMP/out" 2>"$TMP/err" || status=$?
  [ "$status" = 1 ] || fail "./parley $command exited $status, expected 1"
  [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q '^parley: cannot create the data directory' "$TMP/err" \
    || fail "./parley $command did not fail in one line: $(cat "$TMP/err")"
done

DATA="$TMP/data"
scripts/netns-run bash -c '
  set -euo pipefail
  ./parley run --data "$1" --port 18765 --https-port 18766 --xmpp-port 18767 >"$1.log" 2>&1 &
  server=$!
  trap "kill \$server 2>/dev/null; wait \$server 2>/dev/null || true" EXIT
  for _ in $(seq 1 300); do grep -q "Parley ready" "$1.log" && break; sleep 0.1; done
  grep "Parley ready" "$1.log" || { cat "$1.log"; exit 1; }
  grep -q "xmpp://127.0.0.1:18767" "$1.log" || { echo "--xmpp-port not used: $(cat "$1.log")"; exit 1; }
  [ "$(stat -c %a "$1/default-app.json")" = 600 ] || { echo "default-app.json is $(stat -c %a "$1/default-app.json")"; exit 1; }
  [ "$(stat -c %a "$1")" = 700 ] || { echo "the data directory is $(stat -c %a "$1")"; exit 1; }
  app_id=$(sed -n "s/.*\"application_id\" *: *\([0-9]*\).*/\1/p" "$1/default-app.json")
  auth_key=$(sed -n "s/.*\"auth_key\" *: *\"\([^\"]*\)\".*/\1/p" "$1/default-app.json")
  answer=$(curl -s -X POST http://127.0.0.1:18765/session.json -H "Content-Type: application/json" \
    -d "{\"application_id\":$app_id,\"auth_key\":\"$auth_key\"}")
  echo "$answer" | grep -q "\"token\"" || { echo "no session: $answer"; exit 1; }
  curl -s --cacert "$1/tls/parley-cert.pem" https://localhost:18766/health | grep -q UP
' launcher "$DATA" || fail "the launched server did not work as expected"
echo "test-launcher: help, usage errors, one-line start-up failures, and a server started inside a network namespace without Maven: ok"
