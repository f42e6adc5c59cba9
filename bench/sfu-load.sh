#!/usr/bin/env bash
# The SFU at scale, Parley beside Janus 1.1.2 (docs/benchmarks.md, issue 15): synthetic Janus-API participants
# (ICE, DTLS, SRTP; recorded VP8 in 3 simulcast layers and Opus) drive both servers in one run inside
# scripts/netns-run. Modes: `fanout` (one publisher, subscribers in STEPS until the loss passes 0.5 %) and
# `mesh` (rooms of SIZES where everyone publishes and receives everyone else).
#   bench/sfu-load.sh fanout [STEPS] [WINDOW] [SERVERS]    (defaults: 10,25,50,100 15 janus,parley)
#   bench/sfu-load.sh mesh [SIZES] [WINDOW] [SERVERS]      (defaults: 6,12 15 janus,parley)
# SFU_LOAD_SIMULCAST=false publishes one layer; SFU_LOAD_NO_BUILD=1 skips installing parley-media and building
# the tool (bench/sfu-load), done otherwise first. Needs the server built,
# Debian's janus and ffmpeg (apt-get install -y janus ffmpeg), and node (the servers start as the conference
# benchmarks start them). The media is made here with ffmpeg into bench/sfu-load/target/media, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-fanout}"
case "$mode" in fanout|mesh) ;; *) echo "sfu-load: the mode is fanout or mesh" >&2; exit 2 ;; esac
for tool in janus ffmpeg node; do
  command -v "$tool" >/dev/null || { echo "sfu-load: $tool is needed (apt-get install -y janus ffmpeg nodejs)" >&2; exit 1; }
done
[ -f server/target/parley-server.jar ] || { echo "sfu-load: build the server first (mvn -q install -DskipTests)" >&2; exit 1; }
if [ "${SFU_LOAD_NO_BUILD:-}" != 1 ]; then
  mvn -q -B install -pl media -am -DskipTests
  mvn -q -B -f bench/sfu-load/pom.xml package
fi

# Recorded media: 10 s of testsrc2 in three VP8 layers (keyframe every second, as a browser's encoder without
# losses roughly does) and a 440 Hz tone in 20 ms Opus packets; made once.
media=bench/sfu-load/target/media
if [ ! -f "$media/audio.opus" ]; then
  mkdir -p "$media"
  for layer in h:640x360:600k m:320x180:200k l:160x90:80k; do
    IFS=: read -r rid size rate <<< "$layer"
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=30" -t 10 -c:v libvpx -b:v "$rate" \
      -g 30 -keyint_min 30 -deadline realtime -cpu-used 8 -auto-alt-ref 0 -lag-in-frames 0 -f ivf "$media/$rid.ivf"
  done
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i sine=frequency=440:sample_rate=48000 -t 10 \
    -c:a libopus -b:a 32k -frame_duration 20 -f ogg "$media/audio.opus"
fi

if [ "$mode" = fanout ]; then sizing=(--steps "${2:-10,25,50,100}"); else sizing=(--sizes "${2:-6,12}"); fi
exec scripts/netns-run node bench/sfu-load.mjs --mode "$mode" "${sizing[@]}" --window "${3:-15}" \
  --servers "${4:-janus,parley}" --simulcast "${SFU_LOAD_SIMULCAST:-true}"
