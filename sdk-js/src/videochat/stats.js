/**
 * Call statistics: a summary of one peer connection's `getStats()` with rates computed against the
 * previous sample, and StatsReportsManager, which turns a session's reports into each remote user's
 * mic level (0..1) and video bitrate (kbit/s).
 */

/**
 * @typedef {object} StatsSummary
 * @property {number} timestamp milliseconds
 * @property {{bytesReceived: number, packetsLost: number, jitter: number, audioLevel: number,
 *   totalAudioEnergy: number, totalSamplesDuration: number, bitrate: number} | null} audioIn
 * @property {{bytesReceived: number, framesDecoded: number, framesPerSecond: number, frameWidth: number,
 *   frameHeight: number, packetsLost: number, bitrate: number} | null} videoIn
 * @property {{bytesSent: number, bitrate: number} | null} audioOut
 * @property {{bytesSent: number, framesEncoded: number, frameWidth: number, frameHeight: number,
 *   bitrate: number} | null} videoOut
 * @property {{roundTripTime: number, localCandidateType: string, remoteCandidateType: string} | null} connection
 * @property {number} micLevel the remote user's audio level 0..1 over the last interval
 * @property {RTCStatsReport} raw the browser's report
 */

/** Keeps the previous sample of one peer so that rates can be computed. */
export class StatsSampler {
  constructor() {
    /** @type {StatsSummary | null} */
    this.previous = null;
  }

  /**
   * @param {RTCPeerConnection} pc
   * @returns {Promise<StatsSummary>}
   */
  async sample(pc) {
    const raw = await pc.getStats();
    /** @type {Record<string, any>} */
    const byId = {};
    raw.forEach((entry) => { byId[entry.id] = entry; });
    /** @type {StatsSummary} */
    const summary = {
      timestamp: Date.now(), audioIn: null, videoIn: null, audioOut: null, videoOut: null,
      connection: null, micLevel: 0, raw,
    };
    const prev = this.previous;
    const seconds = prev ? (summary.timestamp - prev.timestamp) / 1000 : 0;
    /** @param {number} now @param {number | undefined} before */
    const kbps = (now, before) => (seconds > 0 && before !== undefined ? Math.max(0, ((now - before) * 8) / 1000 / seconds) : 0);
    for (const entry of Object.values(byId)) {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
        summary.audioIn = {
          bytesReceived: entry.bytesReceived ?? 0,
          packetsLost: entry.packetsLost ?? 0,
          jitter: entry.jitter ?? 0,
          audioLevel: entry.audioLevel ?? 0,
          totalAudioEnergy: entry.totalAudioEnergy ?? 0,
          totalSamplesDuration: entry.totalSamplesDuration ?? 0,
          bitrate: kbps(entry.bytesReceived ?? 0, prev?.audioIn?.bytesReceived),
        };
      } else if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        summary.videoIn = {
          bytesReceived: entry.bytesReceived ?? 0,
          framesDecoded: entry.framesDecoded ?? 0,
          framesPerSecond: entry.framesPerSecond ?? 0,
          frameWidth: entry.frameWidth ?? 0,
          frameHeight: entry.frameHeight ?? 0,
          packetsLost: entry.packetsLost ?? 0,
          bitrate: kbps(entry.bytesReceived ?? 0, prev?.videoIn?.bytesReceived),
        };
      } else if (entry.type === 'outbound-rtp' && entry.kind === 'audio') {
        summary.audioOut = { bytesSent: entry.bytesSent ?? 0, bitrate: kbps(entry.bytesSent ?? 0, prev?.audioOut?.bytesSent) };
      } else if (entry.type === 'outbound-rtp' && entry.kind === 'video') {
        // Simulcast sends one entry per layer (RFC 8853): bytes and frames add up, the size is the largest sent.
        const out = summary.videoOut ?? { bytesSent: 0, framesEncoded: 0, frameWidth: 0, frameHeight: 0, bitrate: 0 };
        out.bytesSent += entry.bytesSent ?? 0;
        out.framesEncoded += entry.framesEncoded ?? 0;
        if ((entry.frameWidth ?? 0) > out.frameWidth) {
          out.frameWidth = entry.frameWidth;
          out.frameHeight = entry.frameHeight ?? 0;
        }
        summary.videoOut = out;
      } else if (entry.type === 'transport' && entry.selectedCandidatePairId) {
        const pair = byId[entry.selectedCandidatePairId];
        if (pair) {
          summary.connection = {
            roundTripTime: pair.currentRoundTripTime ?? 0,
            localCandidateType: byId[pair.localCandidateId]?.candidateType ?? '',
            remoteCandidateType: byId[pair.remoteCandidateId]?.candidateType ?? '',
          };
        }
      }
    }
    if (summary.videoOut) summary.videoOut.bitrate = kbps(summary.videoOut.bytesSent, prev?.videoOut?.bytesSent);
    summary.micLevel = micLevel(summary.audioIn, prev?.audioIn ?? null);
    this.previous = summary;
    return summary;
  }
}

/**
 * The RMS level over the interval from the energy counters (webrtc-stats §totalAudioEnergy), which
 * unlike `audioLevel` does not depend on the instant of sampling; 0..1.
 * @param {any} now @param {any} before
 */
function micLevel(now, before) {
  if (!now) return 0;
  if (before && now.totalSamplesDuration > before.totalSamplesDuration) {
    const energy = (now.totalAudioEnergy - before.totalAudioEnergy) / (now.totalSamplesDuration - before.totalSamplesDuration);
    return Math.min(1, Math.sqrt(Math.max(0, energy)));
  }
  return Math.min(1, now.audioLevel ?? 0);
}

/**
 * Each remote user's mic level and video bitrate from a call session's stats reports, in the manner
 * of ConnectyCube's CubeStatsReportsManager. The session reports at `statsReportTimeInterval`, or
 * every second while a manager is attached and the interval is 0.
 *
 * ```js
 * const manager = new StatsReportsManager();
 * manager.onMicLevel = ({ userId, micLevel }) => ...;        // 0..1
 * manager.onVideoBitrate = ({ userId, bitRate }) => ...;     // kbit/s
 * manager.init(session);
 * // in onSessionCloseListener: manager.dispose();
 * ```
 */
export class StatsReportsManager {
  constructor() {
    /** @type {((event: {userId: number, micLevel: number}) => void) | null} */
    this.onMicLevel = null;
    /** @type {((event: {userId: number, bitRate: number}) => void) | null} */
    this.onVideoBitrate = null;
    /** @type {Map<number, {micLevel: number, bitRate: number}>} */
    this.latest = new Map();
    /** @type {(() => void) | null} */
    this.detach = null;
  }

  /** @param {import('./CallSession.js').CallSession} session */
  init(session) {
    this.dispose();
    this.detach = session.addStatsListener((userId, stats) => {
      const micLevelValue = stats.micLevel;
      const bitRate = Math.round(stats.videoIn?.bitrate ?? 0);
      this.latest.set(userId, { micLevel: micLevelValue, bitRate });
      this.onMicLevel?.({ userId, micLevel: micLevelValue });
      this.onVideoBitrate?.({ userId, bitRate });
    });
  }

  /** The last mic level of the user, 0..1. @param {number} userId */
  micLevel(userId) {
    return this.latest.get(userId)?.micLevel ?? 0;
  }

  /** The last video bitrate received from the user, kbit/s. @param {number} userId */
  videoBitrate(userId) {
    return this.latest.get(userId)?.bitRate ?? 0;
  }

  dispose() {
    this.detach?.();
    this.detach = null;
    this.latest.clear();
  }
}
