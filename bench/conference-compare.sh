#!/usr/bin/env bash
# Parley's conferences side by side with Janus 1.1.2 (docs/benchmarks.md): the same janus.js client
# and fake media against both servers in one run inside scripts/netns-run; join time to the first
# remote frame (JOINS joins) and server CPU per forwarded stream in a room of 6 (over WINDOW seconds).
#   bench/conference-compare.sh [JOINS] [WINDOW] [SERVERS]     (defaults: 12 30 janus,parley)
# Needs the build, the e2e/browser npm packages (scripts/test-browser.sh installs them) and Debian's
# janus package (apt-get install -y janus).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v janus >/dev/null || { echo "conference-compare: Janus is needed: apt-get install -y janus" >&2; exit 1; }
[ -d e2e/browser/node_modules/janus-gateway ] || { echo "conference-compare: run scripts/test-browser.sh once (npm ci)" >&2; exit 1; }
exec scripts/netns-run node bench/conference-compare.mjs --joins "${1:-12}" --window "${2:-30}" --servers "${3:-janus,parley}"
