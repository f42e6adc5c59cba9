// The running time shown on the call and meeting screens: mm:ss (h:mm:ss after an hour) since start(),
// painted into one element once a second.
import { byId } from './dom.js';

export class ElapsedTimer {
  /** @param {string} elementId where the time is shown */
  constructor(elementId) {
    this.elementId = elementId;
    /** @type {ReturnType<typeof setInterval> | null} */ this.clock = null;
    this.startedAt = 0;
  }

  /** True between start() and stop(). */
  get running() {
    return this.startedAt !== 0;
  }

  /** Starts counting from now; a second start() while running changes nothing. */
  start() {
    if (this.clock) return;
    this.startedAt = Date.now();
    const tick = () => { byId(this.elementId).textContent = this.elapsed(); };
    tick();
    this.clock = setInterval(tick, 1000);
  }

  /** Stops counting and shows 00:00 again. */
  stop() {
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
    this.startedAt = 0;
    byId(this.elementId).textContent = '00:00';
  }

  /** The time since start(), as shown. */
  elapsed() {
    const total = this.startedAt ? Math.floor((Date.now() - this.startedAt) / 1000) : 0;
    const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
    const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  }
}
