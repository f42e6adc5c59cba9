#!/usr/bin/env bash
# Forwarding pipeline benchmark (docs/benchmarks.md): one 1200-byte video packet from a publisher to the
# subscribers of one room (11: a room of 12). First the CPU time per packet measured with the thread's CPU clock
# (robust on a shared machine), then JMH's average time and allocation per packet (-prof gc) for 1 and 11
# subscribers. Installs parley-media into the local Maven repository first, then builds the standalone project.
# Extra arguments go to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -pl media -am -DskipTests
mvn -q -B -f bench/media-forward/pom.xml package
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=bench/media-forward/target/media-forward.jar
"$JAVA" -cp "$JAR" dev.parley.bench.media.CpuPerPacket 1
"$JAVA" -cp "$JAR" dev.parley.bench.media.CpuPerPacket 11
exec "$JAVA" -jar "$JAR" ForwardingBenchmark -f 3 -wi 5 -w 2s -i 5 -r 2s -prof gc "$@"
