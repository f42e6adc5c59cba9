#!/usr/bin/env bash
# The Java SDK's media tests (sdk-java-webrtc, JUnit tag "media": Java↔Java calls with webrtc-java
# through a real Parley server, and webrtc-java against the SFU's media transport) and its tests of REST, chat
# and push against the built server (tag "server"). WebRTC ignores loopback, so they run inside scripts/netns-run,
# which has no network: run after the Maven build, which resolved every dependency; Maven runs offline.
# Outside the namespace the same tests skip themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
NETNS=scripts/netns-run
die() { echo "test-java-media: $*" >&2; exit 1; }
[ -x "$NETNS" ] || die "$NETNS is missing: the media tests need its private network namespace"
[ -f sdk-java-webrtc/target/parley-sdk-java-webrtc.jar ] && [ -f server/target/parley-server.jar ] \
  || die "build first (mvn install): the SDK and the server jars are missing"
# Their reports replace the build's (where they skipped), so the suite's summary counts them.
# webrtc-java's native threads print two lines each when the JVM exits under them ("VM attach current
# thread failed", "Failed to attach thread N"); harmless, and filtered so that real output stands out.
"$NETNS" mvn -B -q -o -pl sdk-java-webrtc surefire:test -Dgroups=media,server -Dsurefire.failIfNoSpecifiedTests=false \
  | { grep -v -E '^(VM attach current thread failed|Failed to attach thread [0-9]+)$' || true; }
