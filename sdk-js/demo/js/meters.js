// Live meters on each remote tile: the video bitrate received (kbit/s) and the microphone level
// (0..1) of each remote user, from the SDK's StatsReportsManager.
import Parley from '/sdk/parley.js';

/**
 * Starts the meters of a call; call dispose() on the result when the call closes.
 * @param {any} session the CallSession
 * @param {{setMicLevel: (userId: number, level: number) => void, setBitrate: (userId: number, kbps: number) => void}} view
 */
export function startMeters(session, view) {
  const manager = new Parley.videochat.StatsReportsManager();
  manager.onMicLevel = ({ userId, micLevel }) => view.setMicLevel(userId, micLevel);
  manager.onVideoBitrate = ({ userId, bitRate }) => view.setBitrate(userId, bitRate);
  manager.init(session);
  return manager;
}
