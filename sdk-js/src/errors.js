/**
 * The error every SDK call rejects with. `status` is the HTTP status for REST failures (0 when the
 * server could not be reached), `errors` the server's `errors` object (`{field: [messages]}`).
 */
export class ParleyError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, errors?: Record<string, string[]>, cause?: unknown}} [details]
   */
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ParleyError';
    /** @type {number} */
    this.status = details.status ?? 0;
    /** @type {Record<string, string[]>} */
    this.errors = details.errors ?? {};
  }
}
