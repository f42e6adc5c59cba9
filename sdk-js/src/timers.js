/**
 * The clock and timers the SDK schedules with. Tests pass a fake one (see test/fake-timers.js) so
 * that answer, dialing and disconnect timeouts run without waiting.
 * @typedef {object} Timers
 * @property {(fn: () => void, ms: number) => unknown} setTimeout
 * @property {(handle: unknown) => void} clearTimeout
 * @property {(fn: () => void, ms: number) => unknown} setInterval
 * @property {(handle: unknown) => void} clearInterval
 * @property {() => number} now milliseconds
 */

/** @type {Timers} */
export const systemTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(/** @type {any} */ (handle)),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(/** @type {any} */ (handle)),
  now: () => Date.now(),
};
