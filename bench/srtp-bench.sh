#!/usr/bin/env bash
# SRTP benchmark (docs/benchmarks.md): protect and unprotect of a 1200-byte RTP packet per profile,
# time and bytes allocated, on the AES implementation the media module picks (OpenSSL when libcrypto
# loads). Args: rounds (default 5), packets per round (default 200000).
# Needs the build: mvn -o -pl media -am test-compile (or mvn install).
set -euo pipefail
cd "$(dirname "$0")/../media"
[ -f target/test-classes/dev/parley/media/srtp/SrtpBenchmark.class ] || { echo "srtp-bench: build first (mvn -pl media -am test-compile)" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.parley.media.srtp.SrtpBenchmark "${1:-5}" "${2:-200000}"
