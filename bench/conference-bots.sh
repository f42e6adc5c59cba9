#!/usr/bin/env bash
# A room of N conference bots on Janus 1.1.2 and/or Parley (docs/benchmarks.md): media between every
# pair, then the server's CPU per forwarded stream over WINDOW seconds, inside scripts/netns-run.
#   bench/conference-bots.sh [N] [WINDOW] [SERVERS]     (defaults: 12 30 janus,parley)
# Needs the build with the test classes (mvn install), the e2e/browser npm packages and Debian's janus.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v janus >/dev/null || { echo "conference-bots: Janus is needed: apt-get install -y janus" >&2; exit 1; }
exec scripts/netns-run node bench/conference-bots.mjs --bots "${1:-12}" --window "${2:-30}" --servers "${3:-janus,parley}"
