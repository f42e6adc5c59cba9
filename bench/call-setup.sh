#!/usr/bin/env bash
# Browser call set-up time (docs/benchmarks.md): N calls (default 12) between two Chromium browsers
# through a freshly started Parley, inside scripts/netns-run; with --turn, each browser behind a
# symmetric NAT of its own and the media relayed by coturn (apt-get install coturn). Needs the built
# server and the e2e/browser npm packages (scripts/test-browser.sh installs them).
#   bench/call-setup.sh [N] [--turn]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/netns-run node bench/call-setup.mjs "$@"
