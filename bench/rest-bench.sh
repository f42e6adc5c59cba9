#!/usr/bin/env bash
# Measures, on loopback: start-up time to the ready line, idle RSS, and POST /session (login/password)
# throughput with wrk. Bounded: one server, one wrk run of BENCH_SECONDS (default 20) seconds.
#   bench/rest-bench.sh            (needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BENCH_PORT:-18180}"
SECONDS_RUN="${BENCH_SECONDS:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
DATA="$(mktemp -d /tmp/parley-bench-XXXXXX)"
LOG="$DATA/server.log"
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }
./parley build >/dev/null 2>&1 || true

# The login rate limit would refuse a load test from one address; lift it for this run only.
export PARLEY_RATE_LIMIT_AUTH_BURST=100000000 PARLEY_RATE_LIMIT_AUTH_PER_SECOND=100000000

start_ns=$(date +%s%N)
PARLEY_NO_BUILD=1 PARLEY_CHAT_TCP_PORT=-1 ./parley run --data "$DATA" --port "$PORT" --https-port -1 >"$LOG" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do grep -q "Parley ready" "$LOG" && break; sleep 0.05; done
ready_ns=$(date +%s%N)
grep "Parley ready" "$LOG" || { cat "$LOG"; exit 1; }
echo "start-up (launcher exec to ready line, wall clock): $(( (ready_ns - start_ns) / 1000000 )) ms"

sleep 5
pid=$(pgrep -f "dev.parley.server.Main run --data $DATA")
echo "idle RSS after start: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"

app_id=$(python3 -c "import json;print(json.load(open('$DATA/default-app.json'))['application_id'])")
auth_key=$(python3 -c "import json;print(json.load(open('$DATA/default-app.json'))['auth_key'])")
token=$(curl -s -XPOST "http://127.0.0.1:$PORT/session" -H 'Content-Type: application/json' \
  -d "{\"application_id\":$app_id,\"auth_key\":\"$auth_key\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["session"]["token"])')
curl -s -o /dev/null -XPOST "http://127.0.0.1:$PORT/users" -H "CB-Token: $token" -H 'Content-Type: application/json' \
  -d '{"user":{"login":"bench","password":"bench-password"}}'

echo "POST /session (login/password), $CONNECTIONS connections, ${SECONDS_RUN}s:"
BENCH_APP_ID=$app_id BENCH_AUTH_KEY=$auth_key BENCH_LOGIN=bench BENCH_PASSWORD=bench-password \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s bench/session-login.lua "http://127.0.0.1:$PORT/session" \
  | grep -E "requests/s|latency p|errors|Non-2xx"
echo "RSS after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"

echo "POST /session (application session, no password hashing), $CONNECTIONS connections, ${SECONDS_RUN}s:"
BENCH_APP_ID=$app_id BENCH_AUTH_KEY=$auth_key \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s bench/session-login.lua "http://127.0.0.1:$PORT/session" \
  | grep -E "requests/s|latency p|errors|Non-2xx"
IDLE="${BENCH_IDLE_SECONDS:-70}"
if [ "$IDLE" -gt 0 ]; then
  sleep "$IDLE"
  echo "RSS after $IDLE s idle: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
fi
