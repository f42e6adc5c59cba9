import { ParleyError } from './errors.js';

/**
 * @typedef {object} PushSubscriptionRecord a device's registration on one push channel (docs/protocol.md §2.4)
 * @property {{id: number, notification_channel: {name: string}, device: {udid: string, platform: {name: string}}}} subscription
 */

/**
 * @typedef {object} PushEvent a push sent to users (docs/protocol.md §2.4)
 * @property {{id: number, event_type: string, message: string, user_id: number | null, environment: string | null,
 *   notification_channel: {name: string}, created_at: string}} event
 */

/** RFC 8291 keys are base64url, which PushSubscription.toJSON gives; the server takes them with or without padding. */
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** The subscription calls, ConnectyCube's `pushnotifications.subscriptions`. */
class Subscriptions {
  /** @param {import('./rest.js').RestClient} rest */
  constructor(rest) {
    this.rest = rest;
  }

  /**
   * Registers the signed-in user's device on one channel: `{notification_channel: 'apns' | 'apns_voip' | 'gcm' | 'web',
   * push_token: {environment, client_identification_sequence, bundle_identifier, web_endpoint, web_auth, web_p256dh},
   * device: {platform: 'ios' | 'android' | 'web', udid}}`. A second subscription of the same udid and channel replaces
   * the first.
   * @param {object} params
   * @returns {Promise<PushSubscriptionRecord[]>} a list of one, as the API answers
   */
  async create(params) {
    if (!params || typeof params !== 'object') throw new ParleyError('subscriptions.create takes the subscription\'s fields');
    return this.rest.request('POST', '/subscriptions', { body: params });
  }

  /** The signed-in user's subscriptions, oldest first. @returns {Promise<PushSubscriptionRecord[]>} */
  async list() {
    return this.rest.request('GET', '/subscriptions');
  }

  /** Deletes one of the user's subscriptions. @param {number} id */
  async delete(id) {
    if (!Number.isSafeInteger(id) || id <= 0) throw new ParleyError('a subscription id is a positive integer');
    await this.rest.request('DELETE', `/subscriptions/${id}`);
  }
}

/** The event calls, ConnectyCube's `pushnotifications.events`. */
class Events {
  /** @param {import('./rest.js').RestClient} rest */
  constructor(rest) {
    this.rest = rest;
  }

  /**
   * Sends a push: `{notification_type: 'push', environment, push_type, message, user: {ids}}` or
   * `{..., user: {tags: {any, all, exclude}}}` or `{..., external_user: {ids}}`; `message` is base64 (see
   * `PushNotifications.base64Encode`) of the text or of a JSON object whose keys are the push's fields.
   * @param {object} params
   * @returns {Promise<PushEvent[]>} a list of one, as the API answers
   */
  async create(params) {
    if (!params || typeof params !== 'object') throw new ParleyError('events.create takes the event\'s fields');
    return this.rest.request('POST', '/events', { body: { event: params } });
  }
}

/**
 * Push notifications over REST (docs/protocol.md §2.4), named as ConnectyCube's SDK names them, plus what a page
 * needs for Web Push: the application's VAPID key for `PushManager.subscribe` (RFC 8292 §3.2) and the registration
 * of the browser's subscription (RFC 8030 endpoint, RFC 8291 keys).
 */
export class PushNotifications {
  /** @param {import('./rest.js').RestClient} rest */
  constructor(rest) {
    this.rest = rest;
    this.subscriptions = new Subscriptions(rest);
    this.events = new Events(rest);
  }

  /**
   * The application's VAPID public key, base64url: `pushManager.subscribe({userVisibleOnly: true,
   * applicationServerKey: key})` takes it as it is.
   * @returns {Promise<string>}
   */
  async vapidPublicKey() {
    const { public_key: key } = await this.rest.request('GET', '/push/vapid_public_key');
    return key;
  }

  /**
   * Registers a browser's `PushSubscription` (from `pushManager.subscribe`) as the user's `web` subscription.
   * `udid` names this browser: a new subscription with the same udid replaces the old one.
   * @param {{toJSON(): {endpoint?: string, keys?: Record<string, string>}}} pushSubscription
   * @param {{udid: string, environment?: 'development' | 'production'}} device
   * @returns {Promise<PushSubscriptionRecord[]>}
   */
  async subscribeWebPush(pushSubscription, { udid, environment } = /** @type {any} */ ({})) {
    const { endpoint, keys } = pushSubscription?.toJSON?.() ?? {};
    if (typeof endpoint !== 'string' || !endpoint) throw new ParleyError('subscribeWebPush takes the PushSubscription that pushManager.subscribe gave');
    if (!BASE64URL.test(keys?.auth ?? '') || !BASE64URL.test(keys?.p256dh ?? '')) {
      throw new ParleyError('the PushSubscription has no auth and p256dh keys (RFC 8291)');
    }
    if (typeof udid !== 'string' || !udid) throw new ParleyError('subscribeWebPush needs {udid} naming this browser');
    return this.subscriptions.create({
      notification_channel: 'web',
      push_token: {
        ...(environment ? { environment } : {}),
        client_identification_sequence: endpoint,
        web_endpoint: endpoint,
        web_auth: keys.auth,
        web_p256dh: keys.p256dh,
      },
      device: { platform: 'web', udid },
    });
  }

  /**
   * Standard base64 of a string's UTF-8 bytes, as `events.create` takes `message`.
   * @param {string} text
   */
  base64Encode(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }
}
