/**
 * Users over REST (docs/protocol.md §2.2): sign-up, look-ups, lists and who is online.
 */
export class Users {
  /**
   * @param {import('./rest.js').RestClient} rest
   * @param {() => string | undefined} authKey
   */
  constructor(rest, authKey) {
    this.rest = rest;
    this.authKey = authKey;
  }

  /**
   * Signs a user up. Works without a session (the application's auth key stands in).
   * @param {{login?: string, email?: string, password: string, full_name?: string, [field: string]: unknown}} user
   */
  async signup(user) {
    const key = this.authKey();
    const headers = !this.rest.token && key ? { 'CB-AuthKey': key } : undefined;
    return (await this.rest.request('POST', '/users', { body: { user }, headers })).user;
  }

  /** @param {number} id */
  async get(id) {
    return (await this.rest.request('GET', `/users/${encodeURIComponent(String(id))}`)).user;
  }

  /**
   * Lists users (v2 syntax: `{limit, offset, 'id[in]': '1,2', full_name: ...}`).
   * @param {Record<string, string | number | boolean>} [query]
   * @returns {Promise<{items: object[], total_entries: number, limit: number, skip: number}>}
   */
  async list(query = {}) {
    return this.rest.request('GET', '/users/v2', { query });
  }

  /**
   * The users with a live chat connection.
   * @param {{limit?: number, offset?: number}} [query]
   * @returns {Promise<object[]>}
   */
  async online(query = {}) {
    return (await this.rest.request('GET', '/users/online', { query })).users;
  }

  /** Updates the signed-in user. @param {number} id @param {Record<string, unknown>} fields */
  async update(id, fields) {
    return (await this.rest.request('PUT', `/users/${encodeURIComponent(String(id))}`, { body: { user: fields } })).user;
  }
}
