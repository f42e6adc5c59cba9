#!/usr/bin/env bash
# Smoke test of the built launcher as a user runs it: `./parley run` on an empty data directory starts
# without Maven and without network access (inside ../shared/tools/netns-run when it is available),
# prints its ready line, writes default-app.json, and serves a session. Run after the build.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="$(mktemp -d /tmp/parley-smoke-XXXXXX)"
trap 'rm -rf "$DATA"' EXIT
NETNS=../shared/tools/netns-run
WRAP=()
if [ -x "$NETNS" ] && [ "$(id -u)" = 0 ]; then WRAP=("$NETNS"); fi

PARLEY_NO_BUILD=1 "${WRAP[@]}" bash -c '
  set -euo pipefail
  PARLEY_CHAT_TCP_PORT=18767 ./parley run --data "$1" --port 18765 --https-port 18766 >"$1/server.log" 2>&1 &
  server=$!
  trap "kill \$server 2>/dev/null; wait \$server 2>/dev/null || true" EXIT
  for _ in $(seq 1 200); do grep -q "Parley ready" "$1/server.log" && break; sleep 0.1; done
  grep "Parley ready" "$1/server.log" || { cat "$1/server.log"; exit 1; }
  app_id=$(sed -n "s/.*\"application_id\" *: *\([0-9]*\).*/\1/p" "$1/default-app.json")
  auth_key=$(sed -n "s/.*\"auth_key\" *: *\"\([^\"]*\)\".*/\1/p" "$1/default-app.json")
  answer=$(curl -s -X POST http://127.0.0.1:18765/session.json -H "Content-Type: application/json" \
    -d "{\"application_id\":$app_id,\"auth_key\":\"$auth_key\"}")
  echo "$answer" | grep -q "\"token\"" || { echo "smoke: no session: $answer"; exit 1; }
  curl -s --cacert "$1/tls/parley-cert.pem" https://localhost:18766/health | grep -q UP
' smoke "$DATA"
echo "smoke: launcher started ${WRAP[*]:+inside a network namespace }without Maven and served a session: ok"
