// Calls that reach this browser when the demo is closed: the service worker (/push-worker.js) and a Web Push
// subscription registered with the server, which pushes a call to a callee with no chat connection
// (docs/push.md). After sign-in the demo subscribes when the browser allows notifications (or offers a button
// to allow them); at log-out it deletes the subscription on the server. Nothing here may break the app: every
// wait is bounded and a failure is a quiet notice.
import Parley from '/sdk/parley.js';
import { byId } from './dom.js';
import { notify } from './notices.js';

const WORKER_URL = '/push-worker.js';
/** Cache Storage that the worker reads (push-worker.js): the kept account's token, for Decline and callers' names. */
const STATE_CACHE = 'parley-demo-push';
const STATE_KEY = '/push-worker/state';
/** Names this browser to the server (device.udid): one subscription per browser, replaced when it subscribes again. */
const UDID_KEY = 'parley.demo.push-udid';
/** Bound on each step: registering the worker, asking the push service, the REST calls. */
const STEP_MS = 10_000;

/** @typedef {'unsupported' | 'blocked' | 'ask' | 'subscribing' | 'on' | 'failed'} PushState */

export class CallPush {
  /** @param {{answer: (sessionId: string) => void}} handlers `answer`: the user chose Answer on a call's notification */
  constructor(handlers) {
    this.handlers = handlers;
    /** @type {PushState} */ this.state = 'unsupported';
    this.supported = isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    /** @type {Promise<ServiceWorkerRegistration> | null} */ this.registration = null;
    /** Bumped at each sign-in and log-out, so that a late step of an earlier sign-in does nothing. */
    this.generation = 0;
    byId('push-button').addEventListener('click', () => this.allow());
    if (this.supported) {
      navigator.serviceWorker.addEventListener('message', (event) => {
        const message = event.data;
        if (message?.type === 'parley-push-open' && typeof message.answer === 'string') handlers.answer(message.answer);
      });
    }
  }

  /**
   * Signed in: registers the worker and subscribes if notifications are allowed already; if the browser would ask,
   * shows the button (a permission prompt needs a click). The worker gets the account's token only when the
   * account is kept on this browser.
   * @param {{token: string, userId: number, kept: boolean}} account
   */
  start(account) {
    const generation = ++this.generation;
    if (!this.supported) return this.setState('unsupported');
    udid(); // made now, so that log-out finds this browser's subscriptions even if subscribing never finished
    this.registration ??= bounded(navigator.serviceWorker.register(WORKER_URL, { scope: '/' }), 'the service worker did not start');
    this.registration.catch(() => { this.registration = null; }); // tried again at the next sign-in
    shareWithWorker(account.kept ? { token: account.token, userId: account.userId } : null);
    if (Notification.permission === 'granted') this.subscribe(generation);
    else this.setState(Notification.permission === 'denied' ? 'blocked' : 'ask');
  }

  /** The button: asks the browser for notifications (the prompt is the user's to answer), then subscribes. */
  async allow() {
    const generation = this.generation;
    const permission = await Notification.requestPermission();
    if (generation !== this.generation) return;
    if (permission === 'granted') this.subscribe(generation);
    else this.setState(permission === 'denied' ? 'blocked' : 'ask');
  }

  /** @param {number} generation */
  async subscribe(generation) {
    this.setState('subscribing');
    try {
      const registration = await this.registration;
      const key = await bounded(Parley.pushnotifications.vapidPublicKey(), 'the server did not give its push key');
      const subscription = await bounded(browserSubscription(registration, key), 'the browser\'s push service did not answer');
      if (generation !== this.generation) return;
      await bounded(Parley.pushnotifications.subscribeWebPush(subscription, { udid: udid() }), 'the server did not take the subscription');
      if (generation === this.generation) this.setState('on');
    } catch (error) {
      if (generation !== this.generation) return;
      this.setState('failed');
      notify(`Calls will not reach this browser while the demo is closed: ${describe(error)}.`);
    }
  }

  /** Log-out (while the session still works): deletes this browser's subscriptions on the server and forgets the token. */
  async stop() {
    this.generation += 1;
    this.setState(this.supported ? 'ask' : 'unsupported');
    if (!this.supported) return;
    await shareWithWorker(null);
    try {
      const mine = (await bounded(Parley.pushnotifications.subscriptions.list(), 'the server did not list the subscriptions'))
        .map((record) => record.subscription)
        .filter((subscription) => subscription.notification_channel.name === 'web' && subscription.device.udid === udid());
      await Promise.all(mine.map((subscription) => bounded(Parley.pushnotifications.subscriptions.delete(subscription.id), 'the server did not delete a subscription')));
    } catch {
      // The session ends next; a subscription left behind stops being useful when the browser drops it.
    }
  }

  /** The page shows a call itself now: its notification (if a push brought one) is no longer needed. @param {string} sessionId */
  async closeNotification(sessionId) {
    if (!this.supported) return;
    try {
      const registration = await bounded(navigator.serviceWorker.getRegistration('/'), 'the service worker was not found');
      for (const shown of await registration?.getNotifications({ tag: `call-${sessionId}` }) ?? []) shown.close();
    } catch {
      // nothing shown, or nothing to close
    }
  }

  /** @param {PushState} state */
  setState(state) {
    this.state = state;
    byId('topbar').dataset.push = state;
    const button = byId('push-button');
    button.hidden = state !== 'ask';
  }
}

/** The browser's push subscription for the application's key; an older one for another key (rotated) is replaced. */
async function browserSubscription(registration, key) {
  const existing = await registration.pushManager.getSubscription();
  if (existing) {
    const current = existing.options.applicationServerKey;
    if (current && base64url(current) === key.replace(/=+$/, '')) return existing;
    await existing.unsubscribe();
  }
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

/** @param {ArrayBuffer} buffer */
function base64url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Leaves the kept account's token for the worker, or takes it away (null). */
async function shareWithWorker(state) {
  try {
    const cache = await caches.open(STATE_CACHE);
    if (state) await cache.put(STATE_KEY, new Response(JSON.stringify(state), { headers: { 'Content-Type': 'application/json' } }));
    else await cache.delete(STATE_KEY);
  } catch {
    // no Cache Storage: the worker shows calls without Decline
  }
}

function udid() {
  let id = localStorage.getItem(UDID_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(UDID_KEY, id);
  }
  return id;
}

/**
 * The promise's outcome, or a failure saying what went wrong when it takes longer than STEP_MS.
 * @template T
 * @param {Promise<T>} promise @param {string} failure
 * @returns {Promise<T>}
 */
function bounded(promise, failure) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(failure)), STEP_MS); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** @param {any} error */
function describe(error) {
  const text = String(error?.message ?? error ?? 'unknown error').replace(/[.\s]+$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The call that Answer on its notification chose (`#answer=<session id>`, see push-worker.js), taken out of the address. */
export function takeAnswerFromLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const sessionId = params.get('answer');
  if (sessionId === null) return null;
  params.delete('answer');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  return /^[A-Za-z0-9._:-]{1,128}$/.test(sessionId) ? sessionId : null;
}
