/**
 * A session's outgoing calls (docs/protocol.md §3.3): to each opponent the `call` signal, then again every
 * dialing interval until it accepts or rejects, within the answer time; when that runs out, no answer. The
 * k-th re-send goes at k dialing intervals only while that is still inside the answer time, so the count does
 * not depend on which of two timers due at the same moment fires first.
 */
export class Dialer {
  /**
   * @param {import('../timers.js').Timers} timers
   * @param {{dialingTimeMs: number, answerTimeMs: number}} config
   * @param {{sendCall: (userId: number, call: import('./signal/signals.js').CallOffer) => void,
   *   noAnswer: (userId: number) => void}} events
   */
  constructor(timers, config, events) {
    this.timers = timers;
    this.config = config;
    this.events = events;
    /** @type {Map<number, {call: import('./signal/signals.js').CallOffer, sent: number, resend: unknown, answerTimeout: unknown}>} */
    this.dialing = new Map();
    /** Calls sent to each opponent, re-sends included. @type {Map<number, number>} */
    this.callsSent = new Map();
  }

  /**
   * Calls the user now, and again until stop() or the answer time.
   * @param {number} userId @param {import('./signal/signals.js').CallOffer} call
   */
  dial(userId, call) {
    this.stop(userId);
    const { timers } = this;
    const { dialingTimeMs, answerTimeMs } = this.config;
    const dial = {
      call,
      sent: 0,
      resend: timers.setInterval(() => {
        if (dial.sent * dialingTimeMs < answerTimeMs) this.send(userId, dial);
      }, dialingTimeMs),
      answerTimeout: timers.setTimeout(() => {
        if (this.dialing.get(userId) !== dial) return;
        this.stop(userId);
        this.events.noAnswer(userId);
      }, answerTimeMs),
    };
    this.dialing.set(userId, dial);
    this.send(userId, dial);
  }

  /** Whether the user has been called and has not answered yet. @param {number} userId */
  isDialing(userId) {
    return this.dialing.has(userId);
  }

  /** Stops calling the user; returns whether it was being called. @param {number} userId */
  stop(userId) {
    const dial = this.dialing.get(userId);
    if (!dial) return false;
    this.timers.clearInterval(dial.resend);
    this.timers.clearTimeout(dial.answerTimeout);
    this.dialing.delete(userId);
    return true;
  }

  stopAll() {
    for (const userId of [...this.dialing.keys()]) this.stop(userId);
  }

  /** @param {number} userId @param {{call: import('./signal/signals.js').CallOffer, sent: number}} dial */
  send(userId, dial) {
    dial.sent += 1;
    this.callsSent.set(userId, dial.sent);
    this.events.sendCall(userId, dial.call);
  }
}
