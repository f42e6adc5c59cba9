// Calls need the camera and microphone, which browsers give only to secure pages: HTTPS, or
// http://localhost. Everything else in the demo works on any page, so on a page served over plain
// HTTP from another machine it still signs in, lists contacts and connects to chat, and says plainly
// why it cannot call — with a link to the same page on the server's HTTPS port when there is one.
import { byId } from './dom.js';

/** @typedef {{title: string, body: string, link: {href: string, text: string} | null}} CallsBlocked */

/**
 * Why this page cannot make calls, or null when it can.
 * @param {number} httpsPort the server's HTTPS port from /app-config.json; -1 when HTTPS is off
 * @returns {CallsBlocked | null}
 */
export function callsBlocked(httpsPort) {
  if (window.isSecureContext && navigator.mediaDevices) return null;
  if (window.isSecureContext) {
    return { title: 'This browser can’t make calls', body: 'It gives this page no access to a camera or microphone.', link: null };
  }
  const title = 'Calls need a secure connection';
  const why = 'Browsers keep the camera and microphone off on plain HTTP pages other than localhost.';
  if (httpsPort < 0) {
    return {
      title,
      body: `${why} This server has HTTPS turned off: to call, open the demo on localhost, or ask whoever runs the server to turn HTTPS on.`,
      link: null,
    };
  }
  const secure = new URL(location.href);
  secure.protocol = 'https:';
  secure.port = String(httpsPort);
  return {
    title,
    body: `${why} You can sign in here; to call, open this page over HTTPS (the browser may first ask you to trust the server’s certificate).`,
    link: { href: secure.href, text: `Open ${secure.origin}` },
  };
}

/** Fills the notice that explains it. @param {CallsBlocked} blocked */
export function showCallsBlocked(blocked) {
  byId('secure-notice-title').textContent = blocked.title;
  byId('secure-notice-body').textContent = blocked.body;
  const link = byId('secure-notice-link');
  link.hidden = !blocked.link;
  if (blocked.link) {
    link.href = blocked.link.href;
    link.textContent = blocked.link.text;
  }
  byId('secure-notice').hidden = false;
}

/** Puts the notice (when shown) at the top of the screen's card. @param {'auth' | 'contacts' | 'call'} screen */
export function placeCallsBlocked(screen) {
  const slot = document.querySelector(`#${screen}-screen .secure-slot`);
  if (slot) slot.append(byId('secure-notice'));
}
