// What the harness pages share: the <video> / <audio> element a remote stream plays in, and what arrives over
// peer connections (getStats' inbound-rtp), summed per remote participant.

/**
 * The element `kind` ('video' or 'audio') for `key` in #remotes, made on first use. Video is muted: sound plays
 * through the <audio> element, which is also what makes Chromium decode remote audio.
 */
export function mediaElement(kind, key) {
  const id = `${kind}-${key}`;
  let element = document.getElementById(id);
  if (!element) {
    element = document.createElement(kind);
    element.id = id;
    element.autoplay = true;
    element.playsInline = true;
    if (kind === 'video') element.muted = true;
    document.getElementById('remotes').append(element);
  }
  return element;
}

/**
 * What arrives over `pcs` (closed ones and missing ones skipped), per key: `keyOf(stat, pc)` names the entry an
 * inbound-rtp stat adds to (undefined: none). Each entry: decoded frames and the largest frame size, audio energy
 * (totalAudioEnergy, which grows only for audio played out), RTP payload bytes and audio packets; and how video
 * fared on the way: packets lost, NACKs sent, retransmissions received, and the decoder's freezes (count and
 * seconds, as webrtc-stats defines them).
 */
export async function inboundStats(pcs, keyOf) {
  const result = {};
  for (const pc of pcs) {
    if (!pc || pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const key = keyOf(s, pc);
      if (key === undefined) return;
      const entry = (result[key] ??= { framesDecoded: 0, width: 0, height: 0, videoBytes: 0, audioEnergy: 0, audioBytes: 0,
        audioPackets: 0, videoPacketsLost: 0, nackCount: 0, retransmittedPacketsReceived: 0, freezeCount: 0,
        totalFreezesDuration: 0 });
      if (s.kind === 'video') {
        entry.framesDecoded += s.framesDecoded ?? 0;
        entry.videoPacketsLost += s.packetsLost ?? 0;
        entry.nackCount += s.nackCount ?? 0;
        entry.retransmittedPacketsReceived += s.retransmittedPacketsReceived ?? 0;
        entry.freezeCount += s.freezeCount ?? 0;
        entry.totalFreezesDuration += s.totalFreezesDuration ?? 0;
        entry.width = Math.max(entry.width, s.frameWidth ?? 0);
        entry.height = Math.max(entry.height, s.frameHeight ?? 0);
        entry.videoBytes += s.bytesReceived ?? 0;
        entry.videoCodec = report.get(s.codecId)?.mimeType ?? entry.videoCodec;
      } else {
        entry.audioEnergy += s.totalAudioEnergy ?? 0;
        entry.audioBytes += s.bytesReceived ?? 0;
        entry.audioPackets += s.packetsReceived ?? 0;
      }
    });
  }
  return result;
}

/**
 * Samples `framesDecoded()` (a count that grows with each decoded frame) every `every` ms for `ms` ms and reports
 * the longest time during which it did not grow, from the last sample that saw it grow to the next one that did (or
 * to the end): the worst freeze a viewer saw, to within one sampling period, and when in the window it began (the
 * window began at `startedAt`, the page's performance.now()). Also the frames decoded in the window.
 */
export async function longestStall(framesDecoded, ms, every = 100) {
  const start = performance.now();
  let frames = await framesDecoded();
  const first = frames;
  let lastGrowth = start;
  let longest = 0;
  let longestFrom = start;
  const stalled = (until) => {
    if (until - lastGrowth > longest) [longest, longestFrom] = [until - lastGrowth, lastGrowth];
  };
  while (performance.now() - start < ms) {
    await new Promise((resolve) => setTimeout(resolve, every));
    const now = performance.now();
    const current = await framesDecoded();
    if (current > frames) {
      stalled(now);
      lastGrowth = now;
    }
    frames = current;
  }
  stalled(performance.now());
  return { longestStallMs: Math.round(longest), longestStallFromMs: Math.round(longestFrom - start), startedAt: start,
    frames: frames - first };
}
