import { ParleyError } from './errors.js';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * HTTP client of Parley's REST API (docs/protocol.md §2): JSON in and out, the session token in the
 * `CB-Token` header, every failure a ParleyError carrying the status and the server's `errors`.
 */
export class RestClient {
  /** @param {string} baseUrl */
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    /** @type {string | null} */
    this.token = null;
  }

  /**
   * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
   * @param {string} path starting with `/`
   * @param {{body?: object, query?: Record<string, string | number | boolean | undefined>, headers?: Record<string, string>}} [options]
   * @returns {Promise<any>}
   */
  async request(method, path, options = {}) {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', 'CB-SDK': 'Parley-JS', ...options.headers };
    if (this.token) headers['CB-Token'] = this.token;
    if (options.body) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new ParleyError(`${method} ${path}: the server could not be reached`, { cause });
    }
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new ParleyError(`${method} ${path}: answer is not JSON (HTTP ${response.status})`, { status: response.status });
    }
    if (!response.ok) {
      const errors = json?.errors ?? {};
      const first = Object.entries(errors).map(([key, messages]) =>
        key === 'base' ? [].concat(messages).join(', ') : `${key} ${[].concat(messages).join(', ')}`)[0];
      throw new ParleyError(first || `${method} ${path} failed with HTTP ${response.status}`,
        { status: response.status, errors });
    }
    return json;
  }
}
