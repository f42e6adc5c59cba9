#!/usr/bin/env python3
"""Keeps a small part of a capture made by capture.sh, enough for the tests: the first 10 video packets (the
stream opens with a keyframe), 6 video packets from later on (delta frames: no keyframe was requested), the
first 6 RTX and 10 audio packets, and the first 3 compound RTCP packets of each first packet type and format.
Usage: trim.py IN.pcap OUT.pcap"""
import collections
import struct
import sys

AUDIO, RTX = {111}, {97, 99, 103, 46}

def records(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        link = struct.unpack('<I', header[20:24])[0]
        yield header, None
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            data = f.read(struct.unpack('<IIII', h)[2])
            ip = data[{1: 14, 113: 16, 276: 20}[link]:]
            yield h + data, ip[(ip[0] & 15) * 4 + 8:]

seen = collections.Counter()
with open(sys.argv[2], 'wb') as out:
    for record, p in records(sys.argv[1]):
        if p is None:
            out.write(record)
            continue
        if len(p) < 12 or p[0] >> 6 != 2:
            continue  # STUN
        if 192 <= p[1] <= 223:
            key, keep = ('rtcp', p[1], p[0] & 31), lambda n: n < 3
        elif p[1] & 127 in AUDIO:
            key, keep = 'audio', lambda n: n < 10
        elif p[1] & 127 in RTX:
            key, keep = 'rtx', lambda n: n < 6
        else:
            key, keep = 'video', lambda n: n < 10 or 120 <= n < 126
        if keep(seen[key]):
            out.write(record)
        seen[key] += 1
