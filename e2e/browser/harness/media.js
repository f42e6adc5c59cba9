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
 * (totalAudioEnergy, which grows only for audio played out), RTP payload bytes and audio packets.
 */
export async function inboundStats(pcs, keyOf) {
  const result = {};
  for (const pc of pcs) {
    if (!pc || pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const key = keyOf(s, pc);
      if (key === undefined) return;
      const entry = (result[key] ??= { framesDecoded: 0, width: 0, height: 0, videoBytes: 0, audioEnergy: 0, audioBytes: 0, audioPackets: 0 });
      if (s.kind === 'video') {
        entry.framesDecoded += s.framesDecoded ?? 0;
        entry.width = Math.max(entry.width, s.frameWidth ?? 0);
        entry.height = Math.max(entry.height, s.frameHeight ?? 0);
        entry.videoBytes += s.bytesReceived ?? 0;
      } else {
        entry.audioEnergy += s.totalAudioEnergy ?? 0;
        entry.audioBytes += s.bytesReceived ?? 0;
        entry.audioPackets += s.packetsReceived ?? 0;
      }
    });
  }
  return result;
}
