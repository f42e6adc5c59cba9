import { ParleyError } from './errors.js';

/**
 * @typedef {object} Meeting a conference room and who may join it (docs/protocol.md §2.3); its `_id` is the room id
 * @property {string} _id
 * @property {string} name
 * @property {number} start_date Unix seconds
 * @property {number} end_date Unix seconds
 * @property {{id?: number, email?: string}[]} attendees
 * @property {number} host_id
 * @property {boolean | null} record
 * @property {boolean} public
 * @property {boolean} scheduled
 * @property {boolean} notify
 * @property {{metric: string, value: number} | null} notify_before
 * @property {{offset: number, name: string} | null} timezone
 * @property {string} created_at
 * @property {string} updated_at
 */

/**
 * Meetings over REST (docs/protocol.md §2.3), named as ConnectyCube's SDKs name them: a meeting's `_id` is the room id that
 * ConferenceSession.joinDialog takes, and only its host and attendees may join that room.
 */
export class Meetings {
  /** @param {import('./rest.js').RestClient} rest */
  constructor(rest) {
    this.rest = rest;
  }

  /**
   * Creates a meeting hosted by the signed-in user: `{name, start_date, end_date, attendees: [{id}, {email}], record,
   * public, scheduled, notify, notify_before, timezone, chat}` (times default to now and an hour later).
   * @param {Partial<Meeting> & {chat?: boolean}} meeting
   * @returns {Promise<Meeting>}
   */
  async createMeeting(meeting) {
    if (!meeting || typeof meeting !== 'object') throw new ParleyError('createMeeting takes the meeting\'s fields');
    return this.rest.request('POST', '/meetings', { body: meeting });
  }

  /**
   * The meetings the user hosts or attends, or the one `{_id}` names (a list of one). Conditions:
   * `{start_date: v, 'start_date[gt]': v, scheduled: true, limit, offset}` (docs/protocol.md §2.3).
   * @param {Record<string, string | number | boolean>} [params]
   * @returns {Promise<Meeting[]>}
   */
  async getMeetings(params = {}) {
    const answer = await this.rest.request('GET', '/meetings', { query: params });
    return Array.isArray(answer) ? answer : [answer];
  }

  /**
   * A page of getMeetings' list.
   * @param {{limit?: number, skip?: number, params?: Record<string, string | number | boolean>}} [page]
   * @returns {Promise<{limit: number, skip: number, total_entries: number, items: Meeting[]}>}
   */
  async getMeetingsPaged({ limit, skip, params = {} } = {}) {
    return this.rest.request('GET', '/meetings/paged', { query: { ...params, limit, skip } });
  }

  /**
   * Saves a meeting's fields (the host only); the meeting needs its `_id`.
   * @param {Partial<Meeting> & {_id: string}} meeting
   * @returns {Promise<Meeting>}
   */
  async updateMeeting(meeting) {
    const { _id: id, host_id: _host, created_at: _created, updated_at: _updated, ...fields } = meeting ?? {};
    return this.updateMeetingById(/** @type {string} */ (id), fields);
  }

  /**
   * Changes only the given fields of a meeting (the host only).
   * @param {string} meetingId @param {Partial<Meeting>} fields
   * @returns {Promise<Meeting>}
   */
  async updateMeetingById(meetingId, fields) {
    return this.rest.request('PUT', `/meetings/${meetingPath(meetingId)}`, { body: fields ?? {} });
  }

  /** Deletes a meeting (the host only). @param {string} meetingId */
  async deleteMeeting(meetingId) {
    await this.rest.request('DELETE', `/meetings/${meetingPath(meetingId)}`);
  }
}

/** @param {unknown} id */
function meetingPath(id) {
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) throw new ParleyError('a meeting id is 24 lowercase hex characters');
  return id;
}
