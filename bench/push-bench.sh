#!/usr/bin/env bash
# Push delivery benchmark (docs/benchmarks.md, "Push"): a real Parley server on 127.0.0.1 delivering POST /events
# to the local fake providers of parley-push's test jar (an RFC 8030 push service that verifies VAPID and decrypts
# each message, an FCM v1 endpoint with its OAuth token endpoint). Builds the server, installs parley-push with its
# test jar into the local Maven repository, builds bench/push-load, runs it. Bounded: a fixed number of events.
#   bench/push-bench.sh [--users 100] [--rate 50] [--seconds 10] [--events 3000] [--concurrency 16] [--fanout-events 30]
set -euo pipefail
cd "$(dirname "$0")/.."
./parley build >/dev/null
mvn -q -B install -pl push -am -DskipTests
mvn -q -B -f bench/push-load/pom.xml package
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
exec "$JAVA" -jar bench/push-load/target/push-load.jar --repo "$PWD" "$@"
