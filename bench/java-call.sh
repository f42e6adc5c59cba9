#!/usr/bin/env bash
# Java SDK call benchmark (docs/benchmarks.md): call set-up time over N calls (default 10) between two
# Java SDK users (webrtc-java, synthetic 320x240/15 fps media) through a freshly started Parley, then
# the CPU of one call held for S seconds (default 20). Inside scripts/netns-run.
# Needs the build (mvn install, or ./parley build plus `mvn -o test-compile -pl sdk-java-webrtc`).
set -euo pipefail
cd "$(dirname "$0")/../sdk-java-webrtc"
[ -d target/test-classes/dev/parley/sdk/it ] || { echo "java-call: build first (test classes missing)" >&2; exit 1; }
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
exec ../scripts/netns-run "$JAVA" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=dev/parley/sdk/cli/logback-call.xml \
  -cp "target/test-classes:target/parley-sdk-java-webrtc.jar:target/lib/*" dev.parley.sdk.it.CallBench "${1:-10}" "${2:-20}"
