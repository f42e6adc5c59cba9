#!/usr/bin/env bash
# Fuzzes Parley's network parsers with Jazzer (the fuzz module; docs/fuzzing.md).
#   scripts/fuzz.sh                      every target, 10 minutes each, one after the other
#   scripts/fuzz.sh RtpFuzzTest#packet   one target (TestClass#method, or TestClass for all of its methods)
#   scripts/fuzz.sh all 30s              every target for 30 seconds each (libFuzzer durations: 30s, 10m, 1h)
# Each run starts from the target's corpus in fuzz/src/test/resources (and from what earlier runs kept in
# fuzz/.cifuzz-corpus), writes a crashing input next to the corpus, and logs to fuzz/target/fuzz/TARGET.log.
# The summary line per target (executions, executions/s, coverage, findings) goes to standard output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:-all}"
DURATION="${2:-10m}"
LOGS="$ROOT/fuzz/target/fuzz"

die() { echo "fuzz: $*" >&2; exit 1; }

# Every @FuzzTest method as TestClass#method, found in the sources so that a new target needs no list here.
all_targets() {
  local file class
  for file in "$ROOT"/fuzz/src/test/java/dev/parley/fuzz/*FuzzTest.java; do
    class=$(basename "$file" .java)
    awk -v class="$class" '/@FuzzTest/ { want = 1; next }
      want && match($0, /void [A-Za-z0-9_]+\(/) { print class "#" substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$file"
  done
}

case "$TARGET" in
  all) mapfile -t targets < <(all_targets) ;;
  *#*) targets=("$TARGET") ;;
  *) mapfile -t targets < <(all_targets | grep "^$TARGET#" || true) ;;
esac
[ "${#targets[@]}" -gt 0 ] || die "no fuzz target matches '$TARGET'; the targets are: $(all_targets | tr '\n' ' ')"
[[ "$DURATION" =~ ^[0-9]+[smhd]?$ ]] || die "DURATION is a number with s, m, h or d, such as 10m"

JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
command -v mvn >/dev/null || die "Maven is needed: apt-get install -y maven"
mkdir -p "$LOGS"
status=0
for target in "${targets[@]}"; do
  log="$LOGS/${target//#/.}.log"
  echo "fuzz: $target for $DURATION (log: $log)" >&2
  # JAZZER_FUZZ turns the @FuzzTest from replaying its corpus into fuzzing; coverage is gathered in Parley's
  # classes only, the ones that read the network. The modules it tests are built in the same reactor (-am), so
  # nothing is installed and the sources as they are now are fuzzed; their own tests do not match -Dtest.
  if ! (cd "$ROOT" && JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$DURATION" JAZZER_INSTRUMENTATION_INCLUDES='dev.parley.**' \
        mvn -B -Dstyle.color=never -pl fuzz -am test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false) \
        >"$log" 2>&1; then
    status=1
  fi
  summary=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 || true)
  runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
  findings=$(grep -cE '^== Java Exception|FuzzTestFinding|^==[0-9]+== ERROR' "$log" || true)
  echo "$target: ${runs:-no summary (see the log)}; ${summary:-}; findings: $findings"
done
exit "$status"
