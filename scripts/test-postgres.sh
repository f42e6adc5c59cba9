#!/usr/bin/env bash
# Starts (or reuses) a private PostgreSQL cluster for the test suite, bound to 127.0.0.1 only, and prints
# the JDBC URL of its test database. Needs Debian's postgresql package (.ci/run installs it).
#   scripts/test-postgres.sh start   -> prints jdbc:postgresql://127.0.0.1:PORT/parley_test?user=...&password=...
#   scripts/test-postgres.sh stop
set -euo pipefail

PORT="${PARLEY_TEST_POSTGRES_PORT:-55432}"
DIR="${PARLEY_TEST_POSTGRES_DIR:-/tmp/parley-test-postgres-$PORT}"
USER_NAME=parley
PASSWORD=parley-test

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "test-postgres: PostgreSQL server binaries not found; install them with: apt-get install -y postgresql" >&2
    exit 3
  fi
  echo "$dir"
}

# initdb and postgres refuse to run as root; run them as the postgres system user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin; bin=$(bin_dir)
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    local pwfile; pwfile=$(mktemp); echo "$PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    as_owner "$bin/initdb" -D "$DIR" -U "$USER_NAME" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >/dev/null
  fi
  PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='parley_test'" | grep -q 1 || \
    PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -qc "CREATE DATABASE parley_test" >/dev/null
  echo "jdbc:postgresql://127.0.0.1:$PORT/parley_test?user=$USER_NAME&password=$PASSWORD"
}

stop() {
  local bin; bin=$(bin_dir)
  as_owner "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
