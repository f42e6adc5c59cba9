#!/usr/bin/env bash
# Conference join benchmark (docs/benchmarks.md): join → first remote frame for the browser SDK and the Java SDK over
# N joins (default 10), then the CPU of one Java participant in a room of 4 over WINDOW seconds (default 20); with
# --ice-tcp, the browser SDK's joins over UDP and over ICE-TCP (from a namespace that blocks UDP) instead.
#   bench/conference-join.sh [N] [WINDOW] [--ice-tcp]
# Needs the build with the test classes (mvn install) and the e2e/browser npm packages; runs inside scripts/netns-run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/netns-run node bench/conference-join.mjs --joins "${1:-10}" --window "${2:-20}" "${@:3}"
