import { ParleyError } from '../errors.js';
import { SessionState } from './constants.js';
import { StatsSampler } from './stats.js';

const DEFAULT_STATS_MS = 1000;

/**
 * The statistics side of a call session: one StatsSampler per peer, and the periodic reports —
 * `onCallStatsReport` at `statsReportTimeInterval`, and the internal listeners (StatsReportsManager),
 * every second when that interval is 0.
 */
export class SessionStats {
  /**
   * @param {import('./CallSession.js').CallSession} session
   * @param {import('./CallSession.js').SessionHost} host
   */
  constructor(session, host) {
    this.session = session;
    this.host = host;
    /** @type {unknown} */ this.timer = null;
    /** @type {Map<number, StatsSampler>} */ this.samplers = new Map();
    /** @type {Set<(userId: number, stats: import('./stats.js').StatsSummary) => void>} */
    this.listeners = new Set();
  }

  /** @param {(userId: number, stats: import('./stats.js').StatsSummary) => void} listener */
  addListener(listener) {
    this.listeners.add(listener);
    this.start();
    return () => this.listeners.delete(listener);
  }

  /** @param {number} userId */
  async sample(userId) {
    const peer = this.session.peers.get(userId);
    if (!peer || peer.closed) throw new ParleyError(`no connection with user ${userId}`);
    let sampler = this.samplers.get(userId);
    if (!sampler) this.samplers.set(userId, (sampler = new StatsSampler()));
    return sampler.sample(peer.pc);
  }

  /** Starts the periodic reports once the call is active and someone wants them. */
  start() {
    const interval = this.host.config.statsIntervalMs || (this.listeners.size > 0 ? DEFAULT_STATS_MS : 0);
    if (this.timer !== null || interval === 0 || this.session.state !== SessionState.ACTIVE) return;
    this.timer = this.host.timers.setInterval(() => this.report(), interval);
  }

  async report() {
    const reportToApp = this.host.config.statsIntervalMs > 0;
    for (const peer of this.session.peers.values()) {
      if (peer.closed || peer.pendingOffer !== null) continue;
      try {
        const stats = await this.sample(peer.userId);
        if (reportToApp) this.host.emit('onCallStatsReport', this.session, peer.userId, stats, null);
        for (const listener of this.listeners) listener(peer.userId, stats);
      } catch (error) {
        if (reportToApp) this.host.emit('onCallStatsReport', this.session, peer.userId, null, error);
      }
    }
  }

  /** @param {number} userId */
  forget(userId) {
    this.samplers.delete(userId);
  }

  stop() {
    this.host.timers.clearInterval(this.timer);
    this.timer = null;
  }
}
