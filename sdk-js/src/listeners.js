/**
 * Calls the app's listener `name` on `owner` (a property the app assigned), if it set one. A listener that throws is
 * logged and does not break the SDK.
 * @param {object} owner @param {string} name @param {unknown[]} args @param {import('./log.js').Logger} log
 */
export function callListener(owner, name, args, log) {
  const listener = /** @type {any} */ (owner)[name];
  if (typeof listener !== 'function') return;
  try {
    listener(...args);
  } catch (error) {
    log.warn(`${name} threw`, error);
  }
}
