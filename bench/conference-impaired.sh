#!/usr/bin/env bash
# Conferences over impaired networks, Parley side by side with Janus 1.1.2 (docs/benchmarks.md): the same
# janus.js viewer in Chromium on a link with 5 % loss, with 20 ms + 0-100 ms of jitter, capped at
# 300 kbit/s, or publishing over 5 % uplink loss, RUNS times each, watched for WINDOW seconds; the worst
# freeze of each run and what the viewer received, in one run inside scripts/netns-run.
#   bench/conference-impaired.sh [RUNS] [WINDOW] [SERVERS] [IMPAIRMENTS] [CAMERA]
#       (defaults: 5 20 janus,parley loss,jitter,rate,uplink 320x240)
# CONFERENCE_IMPAIRED_SIMULCAST=true makes the publishers offer simulcast (janus.js simulcast: true).
# Needs the build, the e2e/browser npm packages (scripts/test-browser.sh installs them), Debian's janus
# package (apt-get install -y janus), nftables and tc (iproute2).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v janus >/dev/null || { echo "conference-impaired: Janus is needed: apt-get install -y janus" >&2; exit 1; }
command -v nft >/dev/null && command -v tc >/dev/null || { echo "conference-impaired: nft and tc are needed: apt-get install -y nftables iproute2" >&2; exit 1; }
[ -d e2e/browser/node_modules/janus-gateway ] || { echo "conference-impaired: run scripts/test-browser.sh once (npm ci)" >&2; exit 1; }
exec scripts/netns-run node bench/conference-impaired.mjs --runs "${1:-5}" --window "${2:-20}" --servers "${3:-janus,parley}" \
  --impairments "${4:-loss,jitter,rate,uplink}" --camera "${5:-320x240}" --simulcast "${CONFERENCE_IMPAIRED_SIMULCAST:-false}"
