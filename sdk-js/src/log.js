/**
 * Debug logging, off unless `config.debug` is on (`true`, or `{mode: 1}` as the ConnectyCube SDK
 * takes it). Messages go to the console with a `[Parley]` prefix.
 */
export class Logger {
  /** @param {boolean} enabled */
  constructor(enabled) {
    this.enabled = enabled;
  }

  /** @param {...unknown} args */
  debug(...args) {
    if (this.enabled) console.debug('[Parley]', ...args);
  }

  /** @param {...unknown} args */
  warn(...args) {
    console.warn('[Parley]', ...args);
  }
}
