// The demo's service worker, served at /push-worker.js so that its scope, /, covers the whole demo. It turns
// Web Push messages into notifications: the server's call push (docs/push.md, "The server's own call push"),
// which reaches a callee with no chat connection, becomes an incoming-call notification with Answer (and
// Decline, when the worker may reject over HTTP); the "end call" push that follows an unanswered call replaces
// it with a missed call. Clicking opens or focuses the demo, which connects and receives the call that the
// caller keeps re-sending while dialing; Answer makes it accept that call at once.
// A classic script without imports, so that every browser with service workers runs it.
'use strict';

/** Where the page leaves what the worker may use: the kept account's token (see js/push.js). */
const STATE_CACHE = 'parley-demo-push';
const STATE_KEY = '/push-worker/state';
/** Bound on each request the worker makes (a caller's name, an HTTP reject). */
const REQUEST_MS = 4000;
/** The push payload is at most 2048 bytes decoded (docs/push.md, limits); names are cut to what a notification shows. */
const MAX_NAME = 80;
/** PROTOCOL §2.3: the session id of a call, as POST /calls/reject takes it. */
const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// A new version takes over at once: the worker keeps no caches and answers no fetches that an old page might rely on.
self.addEventListener('install', () => { self.skipWaiting(); });
self.addEventListener('push', (event) => { event.waitUntil(onPush(event.data)); });
self.addEventListener('notificationclick', (event) => { event.waitUntil(onNotificationClick(event.notification, event.action)); });

/**
 * The call a push is about, or null when it is no call push. The server sends both SDKs' spellings
 * (`session_id`/`uuid`, `caller_id`/`initiatorId`, `call_opponents`/`opponentsIds`); an app's own CallKit push may
 * add `caller_name`.
 * @param {any} data the push's `data` object
 */
function callOf(data) {
  if (!data || typeof data !== 'object') return null;
  if (data.signal_type !== 'startCall' && data.signal_type !== 'endCall') return null;
  const sessionId = String(data.session_id ?? data.uuid ?? '');
  const callerId = Number(data.caller_id ?? data.initiatorId);
  if (!SESSION_ID.test(sessionId) || !Number.isSafeInteger(callerId) || callerId <= 0) return null;
  const opponents = String(data.call_opponents ?? data.opponentsIds ?? '').split(',').filter((id) => /^\d+$/.test(id));
  return {
    ended: data.signal_type === 'endCall',
    sessionId,
    callerId,
    kind: Number(data.call_type) === 2 ? 'audio' : 'video',
    others: Math.max(0, opponents.length - 1),
    callerName: typeof data.caller_name === 'string' ? data.caller_name.trim().slice(0, MAX_NAME) : '',
  };
}

/** @param {PushMessageData | null} message */
async function onPush(message) {
  let data = null;
  try {
    data = message?.json()?.data ?? null;
  } catch {
    data = null; // not JSON: shown as text below
  }
  const call = callOf(data);
  if (call) {
    await showCall(call);
    return;
  }
  // Every push must show something (userVisibleOnly): an application's own event shows its message text.
  const text = typeof data?.message === 'string' ? data.message : (safeText(message) ?? 'New notification');
  await self.registration.showNotification('Parley', { body: text.slice(0, 500), tag: 'parley-message', data: { kind: 'message' } });
}

/** @param {PushMessageData | null} message */
function safeText(message) {
  try {
    return message?.text() || null;
  } catch {
    return null;
  }
}

/** Shows the incoming call, or replaces it with a missed call when the caller gave up. */
async function showCall(call) {
  const tag = `call-${call.sessionId}`;
  const state = await readState();
  const name = call.callerName || await lookUpName(state, call.callerId) || `User ${call.callerId}`;
  const data = { kind: call.ended ? 'missed' : 'incoming', sessionId: call.sessionId, callerId: call.callerId, callType: call.kind === 'audio' ? 2 : 1 };
  if (call.ended) {
    // The same tag: it takes the incoming call's place.
    await self.registration.showNotification('Missed call', { body: `${name} called you.`, tag, data });
    return;
  }
  const what = `Incoming ${call.kind} call`;
  const others = call.others > 0 ? ` · with ${call.others} other${call.others > 1 ? 's' : ''}` : '';
  // Decline needs the kept account's token (POST /calls/reject); without one, the click opens the demo.
  const actions = [{ action: 'answer', title: 'Answer' }];
  if (state?.token && state.userId) actions.push({ action: 'decline', title: 'Decline' });
  await self.registration.showNotification(name, {
    body: `${what}${others}`, tag, data, actions, requireInteraction: true, renotify: false,
  });
}

/** The name of a user, looked up with the kept account's token; null without one or when the look-up fails. */
async function lookUpName(state, userId) {
  if (!state?.token) return null;
  try {
    const response = await fetch(`/users/${userId}`, { headers: { 'CB-Token': state.token }, signal: AbortSignal.timeout(REQUEST_MS) });
    if (!response.ok) return null;
    const { user } = await response.json();
    const name = user?.full_name || user?.login;
    return typeof name === 'string' && name ? name.slice(0, MAX_NAME) : null;
  } catch {
    return null;
  }
}

/** @param {Notification} notification @param {string} action */
async function onNotificationClick(notification, action) {
  notification.close();
  const data = notification.data ?? {};
  if (data.kind === 'incoming' && action === 'decline') {
    if (await rejectOverHttp(data)) return;
    // Could not reject from here (the session ended, or no network): the demo can.
  }
  const answer = data.kind === 'incoming' && action === 'answer' ? data.sessionId : null;
  await openDemo(answer);
}

/** POST /calls/reject (PROTOCOL §2.3) in the kept account's name; true when the server took it. */
async function rejectOverHttp(data) {
  const state = await readState();
  if (!state?.token) return false;
  try {
    const response = await fetch('/calls/reject', {
      method: 'POST',
      headers: { 'CB-Token': state.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionID: data.sessionId, recipientId: data.callerId, callType: data.callType, platform: 'web' }),
      signal: AbortSignal.timeout(REQUEST_MS),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Focuses a window of the demo, telling it which call to answer, or opens one (`#answer=` names the call).
 * @param {string | null} answer the session id of the call to accept once it rings, if the user chose Answer
 */
async function openDemo(answer) {
  const scope = new URL(self.registration.scope);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const demo = windows.find((client) => new URL(client.url).pathname === scope.pathname);
  if (demo) {
    demo.postMessage({ type: 'parley-push-open', answer });
    try {
      await demo.focus();
    } catch {
      // focus is only allowed during a real click; the message still reached the window
    }
    return;
  }
  await self.clients.openWindow(answer ? `${scope.pathname}#answer=${encodeURIComponent(answer)}` : scope.pathname);
}

/** What the page left for the worker: {token, userId} of an account kept on this browser, or null. */
async function readState() {
  try {
    const cache = await caches.open(STATE_CACHE);
    const response = await cache.match(STATE_KEY);
    return response ? await response.json() : null;
  } catch {
    return null;
  }
}
