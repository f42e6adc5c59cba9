#!/usr/bin/env bash
# XMPP chat benchmark on loopback: Parley (this work tree), then ejabberd and Prosody (Debian packages),
# each measured by the same load client (bench/xmpp-load) with the same settings, then a comparison table.
#
#   apt-get install -y ejabberd prosody      # once; stop any system instances they start
#   bench/xmpp-bench.sh
#
# For each server: start it on an empty data directory, create the accounts (Parley: REST; ejabberd and
# Prosody: in-band registration), stop it, start it again (so the baseline RSS is of a fresh process), wait,
# then run the load client: N logins, RSS with N idle connections, a fixed-rate messaging run, and a rate
# ramp that stops at the first step not sustained. Everything listens on 127.0.0.1 only, every server runs
# plaintext c2s (no TLS: the same for all three), and everything started here is stopped on exit.
#
# Settings (environment):
#   BENCH_CONNECTIONS=1000  (<= 2000)      BENCH_LOGIN_CONCURRENCY=32   BENCH_SETTLE=45 (s idle before RSS)
#   BENCH_RATE=1000 msg/s  BENCH_DURATION=30 s (<= 60)  BENCH_WARMUP=5 s
#   BENCH_RAMP=2000,5000,10000,20000,30000,40000  BENCH_STEP=10 s (ramp total <= 60 s)
#   BENCH_SERVERS="parley parley-token ejabberd prosody"  BENCH_NO_BUILD=1 (use the jars already built)
# "parley" logs in with passwords (Argon2id, like the hashed passwords of the other two); "parley-token"
# logs in with a REST session token per user (the other secret Parley's SASL PLAIN accepts, no hashing).
#   BENCH_KEEP=1 (keep the work directory with logs and results)
#   BENCH_PROSODY_EXTRA='network_settings = { nagle = false }' (global lines added to Prosody's config)
# Ports (all 127.0.0.1): Parley HTTP 18280 and XMPP 15222, ejabberd 15223 (+15225 Erlang distribution),
# Prosody 15224.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

N="${BENCH_CONNECTIONS:-1000}"
LOGIN_CONCURRENCY="${BENCH_LOGIN_CONCURRENCY:-32}"
SETTLE="${BENCH_SETTLE:-45}"
RATE="${BENCH_RATE:-1000}"
DURATION="${BENCH_DURATION:-30}"
WARMUP="${BENCH_WARMUP:-5}"
RAMP="${BENCH_RAMP:-2000,5000,10000,20000,30000,40000}"
STEP="${BENCH_STEP:-10}"
SERVERS="${BENCH_SERVERS:-parley parley-token ejabberd prosody}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
TOOL="$ROOT/bench/xmpp-load/target/xmpp-load.jar"
PARLEY_HTTP=18280 PARLEY_XMPP=15222 EJABBERD_XMPP=15223 EJABBERD_DIST=15225 PROSODY_XMPP=15224

[ "$N" -le 2000 ] || { echo "xmpp-bench: BENCH_CONNECTIONS is at most 2000" >&2; exit 2; }
[ "$DURATION" -le 60 ] || { echo "xmpp-bench: BENCH_DURATION is at most 60" >&2; exit 2; }

# Open files: every server gets the same limit, Debian's ejabberd unit's 65536 or the hard limit if lower
# (the default soft limit, 1024, is too low for 1000 connections: ejabberd runs out of descriptors).
hard_nofile="$(ulimit -Hn)"
[ "$hard_nofile" = unlimited ] && hard_nofile=65536
NOFILE=$(( hard_nofile < 65536 ? hard_nofile : 65536 ))
ulimit -n "$NOFILE"

WORK="$(mktemp -d /tmp/xmpp-bench-XXXXXX)"
chmod 755 "$WORK"
RESULTS="$WORK/results.jsonl"
log() { echo "xmpp-bench: $*" >&2; }

# ---- what was started, to stop it on exit
PARLEY_PID=""
EJABBERD_SPOOL=""
PROSODY_PID=""
# Waits (at most $2 s) for process $1 to end; kills it if it does not.
wait_gone() {
  local pid="$1" limit="${2:-20}" i
  for i in $(seq 1 $((limit * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "process $pid did not stop in ${limit}s: killing it"
  kill -9 "$pid" 2>/dev/null || true
}
stop_parley() {
  [ -n "$PARLEY_PID" ] || return 0
  kill "$PARLEY_PID" 2>/dev/null || true
  wait_gone "$PARLEY_PID" 30
  PARLEY_PID=""
}
# Run as the package's system user without PAM (su and runuser would reset the open-files limit).
as_user() { local user="$1"; shift; setpriv --reuid="$user" --regid="$user" --init-groups env HOME="$(getent passwd "$user" | cut -d: -f6)" "$@"; }
ejabberdctl_() {
  as_user ejabberd ejabberdctl --config "$ROOT/bench/xmpp/ejabberd.yml" --ctl-config "$ROOT/bench/xmpp/ejabberdctl.cfg" \
    --spool "$EJABBERD_SPOOL" --logs "$EJABBERD_SPOOL" "$@"
}
ejabberd_beam() { pgrep -u ejabberd -f "beam.smp.*-sname ejabberd-bench@localhost" | head -1 || true; }
stop_ejabberd() {
  [ -n "$EJABBERD_SPOOL" ] || return 0
  local beam
  beam="$(ejabberd_beam)"
  [ -n "$beam" ] || return 0
  ejabberdctl_ stop >/dev/null 2>&1 &
  local ctl=$!
  wait_gone "$ctl" 30
  wait "$ctl" 2>/dev/null || true
  wait_gone "$beam" 30
}
stop_prosody() {
  [ -n "$PROSODY_PID" ] || return 0
  kill "$PROSODY_PID" 2>/dev/null || true
  wait_gone "$PROSODY_PID" 20
  PROSODY_PID=""
}
cleanup() {
  stop_parley
  stop_ejabberd
  stop_prosody
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "logs and results kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {  # port, seconds
  local i
  for i in $(seq 1 $(($2 * 10))); do port_free "$1" || return 0; sleep 0.1; done
  log "nothing listens on 127.0.0.1:$1 after $2 s"
  return 1
}
# Refuses to start a server on a port something still holds (a server that did not stop would be measured).
ensure_free() {
  local i
  for i in $(seq 1 100); do port_free "$1" && return 0; sleep 0.1; done
  log "127.0.0.1:$1 is still in use"
  return 1
}
for p in $PARLEY_HTTP $PARLEY_XMPP $EJABBERD_XMPP $EJABBERD_DIST $PROSODY_XMPP; do
  port_free "$p" || { log "port 127.0.0.1:$p is in use; stop what uses it first"; exit 1; }
done

# ---- build
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  log "building the load client and the Parley server (mvn package, no install)"
  (cd bench/xmpp-load && mvn -B -q -o package 2>/dev/null || mvn -B -q package)
  mvn -B -q -o -DskipTests package 2>/dev/null || mvn -B -q -DskipTests package
fi
[ -f "$TOOL" ] || { log "missing $TOOL"; exit 1; }

load() {  # label port domain accounts pid
  "$JAVA" -jar "$TOOL" run --label "$1" --port "$2" --domain "$3" --accounts "$4" --pid "$5" \
    --connections "$N" --login-concurrency "$LOGIN_CONCURRENCY" --settle "$SETTLE" \
    --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --ramp "$RAMP" --step "$STEP" --json "$RESULTS"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "parley: server code at $(git log -1 --format=%h -- . ':!bench' ':!docs')$(git diff --quiet HEAD -- . ':!bench' ':!docs' || echo ' (modified)') (HEAD $(git rev-parse --short HEAD)), $("$JAVA" -version 2>&1 | head -1)"
echo "ejabberd: $(dpkg-query -W -f '${Version}' ejabberd 2>/dev/null || echo 'not installed'), erlang-base $(dpkg-query -W -f '${Version}' erlang-base 2>/dev/null || echo '?')"
echo "prosody: $(dpkg-query -W -f '${Version}' prosody 2>/dev/null || echo 'not installed'), lua5.4 $(dpkg-query -W -f '${Version}' lua5.4 2>/dev/null || echo '?')"
echo "open files limit (all servers): $NOFILE"
echo "settings: N=$N, login concurrency $LOGIN_CONCURRENCY, settle ${SETTLE}s, rate $RATE msg/s for ${DURATION}s (+${WARMUP}s warm-up), ramp $RAMP (${STEP}s steps)"

# ---- Parley
PARLEY_DATA="$WORK/parley"
start_parley() {  # extra env as arguments
  ensure_free $PARLEY_XMPP
  ensure_free $PARLEY_HTTP
  # Every load connection comes from 127.0.0.1: the per-address connection cap (512) is lifted to N + 64.
  env "$@" PARLEY_CHAT_TCP_PORT=$PARLEY_XMPP PARLEY_CHAT_TCP_REQUIRE_TLS=false PARLEY_NO_BUILD=1 \
    PARLEY_HTTP_MAX_CONNECTIONS_PER_ADDRESS=$((N + 64)) \
    ./parley run --data "$PARLEY_DATA" --host 127.0.0.1 --port $PARLEY_HTTP --https-port -1 >>"$PARLEY_DATA/server.log" 2>&1 &
  PARLEY_PID=$!   # the launcher execs java: this is the server's pid
  local i
  for i in $(seq 1 600); do grep -q "Parley ready" "$PARLEY_DATA/server.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "Parley ready" "$PARLEY_DATA/server.log" || { tail -20 "$PARLEY_DATA/server.log"; return 1; }
  wait_port $PARLEY_XMPP 10
}
provision_parley() {  # once: N users, each with a password and a user session token
  [ -f "$WORK/parley-tokens.txt" ] && return 0
  mkdir -p "$PARLEY_DATA"
  log "Parley: creating $N users and a session for each over REST (login rate limit lifted for this step only)"
  start_parley PARLEY_RATE_LIMIT_AUTH_BURST=100000000 PARLEY_RATE_LIMIT_AUTH_PER_SECOND=100000000
  local app_id auth_key
  app_id=$(python3 -c "import json;print(json.load(open('$PARLEY_DATA/default-app.json'))['application_id'])")
  auth_key=$(python3 -c "import json;print(json.load(open('$PARLEY_DATA/default-app.json'))['auth_key'])")
  "$JAVA" -jar "$TOOL" parley-users --url "http://127.0.0.1:$PARLEY_HTTP" --app-id "$app_id" --auth-key "$auth_key" \
    --count "$N" --domain parley.local --out "$WORK/parley-accounts.txt" --tokens-out "$WORK/parley-tokens.txt"
  stop_parley
}
run_parley() {  # label, accounts file
  provision_parley
  log "Parley ($1): started with default limits (only the chat port and plaintext c2s set)"
  start_parley
  sleep 10
  load "$1" $PARLEY_XMPP parley.local "$2" "$PARLEY_PID"
  stop_parley
}

# ---- ejabberd
run_ejabberd() {
  command -v ejabberdctl >/dev/null || { log "ejabberd is not installed (apt-get install -y ejabberd)"; return 1; }
  EJABBERD_SPOOL="$WORK/ejabberd"
  mkdir -p "$EJABBERD_SPOOL"
  chown ejabberd:ejabberd "$EJABBERD_SPOOL"
  start_ejabberd() {
    ensure_free $EJABBERD_XMPP
    ensure_free $EJABBERD_DIST
    ejabberdctl_ foreground >>"$EJABBERD_SPOOL/console.log" 2>&1 &
    wait_port $EJABBERD_XMPP 60
  }
  "$JAVA" -jar "$TOOL" accounts --domain bench.local --count "$N" --out "$WORK/bench-accounts.txt"
  log "ejabberd: registering $N accounts (in-band registration)"
  start_ejabberd
  "$JAVA" -jar "$TOOL" register --port $EJABBERD_XMPP --domain bench.local --accounts "$WORK/bench-accounts.txt"
  stop_ejabberd
  log "ejabberd: restarted"
  start_ejabberd
  sleep 10
  load ejabberd $EJABBERD_XMPP bench.local "$WORK/bench-accounts.txt" "$(ejabberd_beam)"
  stop_ejabberd
}

# ---- Prosody
run_prosody() {
  command -v prosody >/dev/null || { log "Prosody is not installed (apt-get install -y prosody)"; return 1; }
  local dir="$WORK/prosody"
  mkdir -p "$dir/data" "$dir/certs"
  { echo "${BENCH_PROSODY_EXTRA:-}"; sed "s|BENCH_DIR|$dir|g" bench/xmpp/prosody.cfg.lua; } >"$dir/prosody.cfg.lua"
  chown -R prosody:prosody "$dir"
  start_prosody() {
    ensure_free $PROSODY_XMPP
    rm -f "$dir/prosody.pid"
    as_user prosody prosody --config "$dir/prosody.cfg.lua" -F >>"$dir/console.log" 2>&1 &
    PROSODY_PID=$!   # the subshell, until Prosody has written its own pid
    wait_port $PROSODY_XMPP 30
    local i
    for i in $(seq 1 50); do [ -s "$dir/prosody.pid" ] && break; sleep 0.1; done
    PROSODY_PID="$(cat "$dir/prosody.pid")"
  }
  "$JAVA" -jar "$TOOL" accounts --domain bench.local --count "$N" --out "$WORK/bench-accounts.txt"
  log "Prosody: registering $N accounts (in-band registration)"
  start_prosody
  "$JAVA" -jar "$TOOL" register --port $PROSODY_XMPP --domain bench.local --accounts "$WORK/bench-accounts.txt"
  stop_prosody
  log "Prosody: restarted"
  start_prosody
  sleep 10
  load prosody $PROSODY_XMPP bench.local "$WORK/bench-accounts.txt" "$PROSODY_PID"
  stop_prosody
}

for server in $SERVERS; do
  case "$server" in
    parley) run_parley parley "$WORK/parley-accounts.txt" ;;
    parley-token) run_parley parley-token "$WORK/parley-tokens.txt" ;;
    ejabberd) run_ejabberd ;;
    prosody) run_prosody ;;
    *) log "unknown server $server"; exit 2 ;;
  esac
done

# ---- comparison
python3 - "$RESULTS" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def f(v, fmt="{:.0f}"):
    return "–" if v is None else fmt.format(v)
print()
print("| server | connections held | logins/s (p50, p99 ms) | RSS idle: 0 → N conns | per idle connection | "
      "fixed rate: delivered msg/s | p50 / p99 latency | lost | server CPU | max sustained rate (p50 / p99 there) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    fx = r.get("fixed", {})
    ramp = r.get("ramp", [])
    best = max((s for s in ramp if s.get("sustained")), key=lambda s: s["target_rate"], default=None)
    failed = next((s for s in ramp if not s.get("sustained")), None)
    sustained = "–" if best is None else f"{best['target_rate']:.0f} msg/s ({best['p50_ms']:.1f} / {best['p99_ms']:.1f} ms)"
    if failed is not None:
        sustained += f"; at {failed['target_rate']:.0f}: {failed['delivered_rate']:.0f}/s delivered, p99 {failed['p99_ms']:.0f} ms, lost {failed['lost']}"
    elif ramp:
        sustained += " (ramp top)"
    print(f"| {r['label']} | {r['connections_held']} / {r['connections_wanted']} "
          f"| {r['logins_per_s']:.0f} ({r['login_p50_ms']:.0f}, {r['login_p99_ms']:.0f}) "
          f"| {r['rss_before_kib']/1024:.0f} → {r['rss_idle_kib']/1024:.0f} MiB "
          f"| {r.get('bytes_per_idle_connection', 0)/1024:.1f} KiB "
          f"| {f(fx.get('delivered_rate'))} of {f(fx.get('target_rate'))} "
          f"| {f(fx.get('p50_ms'), '{:.2f}')} / {f(fx.get('p99_ms'), '{:.2f}')} ms "
          f"| {f(fx.get('lost'))} "
          f"| {f(fx.get('server_cpu_pct'))} % "
          f"| {sustained} |")
problems = [r for r in rows if r.get("disconnects") or r.get("stream_errors") or r.get("error_stanzas") or r.get("logins_failed")]
for r in problems:
    print(f"\n{r['label']}: {r.get('logins_failed')} failed logins, {r.get('disconnects')} disconnects, "
          f"{r.get('stream_errors')} stream errors, {r.get('error_stanzas')} error stanzas")
    for s in r.get("error_samples", []):
        print("  " + s)
EOF
