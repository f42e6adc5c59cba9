#!/bin/sh
# capture.sh CODEC OUT_DIR — run as root INSIDE a private network namespace (the one the project's browser
# tests use): Chromium sends its fake camera and microphone between two peer connections of one page, with
# WebRTC encryption disabled so that RTP and RTCP are plain on the wire, and 5% of the datagrams are dropped on
# input so that NACKs and retransmissions show up. tcpdump records loopback for 14 s into OUT_DIR/CODEC-full.pcap
# and Chromium's log (with the negotiated SDP) into OUT_DIR/CODEC.log; trim.py then keeps a small part.
# Needs chromium, tcpdump and nftables.
set -eu
codec=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
nft add table inet parley_capture
nft add chain inet parley_capture in '{ type filter hook input priority 0; }'
nft add rule inet parley_capture in meta l4proto udp numgen random mod 100 '<' 5 drop
tcpdump -i lo -w "$out/$codec-full.pcap" -U udp 2>/dev/null &
dump=$!
sleep 1
timeout 14 chromium --headless=new --no-sandbox --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
  --disable-webrtc-encryption --disable-features=WebRtcHideLocalIpsWithMdns --user-data-dir="$out/profile-$codec" \
  --enable-logging=stderr --v=0 "file://$here/capture.html#$codec" >"$out/$codec.log" 2>&1 || true
sleep 1
kill "$dump"
nft delete table inet parley_capture
python3 "$here/trim.py" "$out/$codec-full.pcap" "$out/$codec.pcap"
