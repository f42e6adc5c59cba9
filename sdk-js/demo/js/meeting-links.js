// A meeting's link: the demo's address with `#meeting=` and the meeting id. Opened signed in, it joins the
// meeting (app.js); while in a meeting the address bar shows it, so that a reload rejoins.
import { notify } from './notices.js';

/** @param {string} meetingId */
export function meetingLink(meetingId) {
  return `${location.origin}${location.pathname}#meeting=${meetingId}`;
}

/** The meeting id the address names, or null. */
export function meetingInLink() {
  const id = new URLSearchParams(location.hash.slice(1)).get('meeting');
  return id && /^[0-9a-f]{24}$/.test(id) ? id : null;
}

/** Copies a meeting's link to the clipboard and says so (or shows it, where the page may not copy). @param {string} meetingId */
export async function copyMeetingLink(meetingId) {
  try {
    await navigator.clipboard.writeText(meetingLink(meetingId));
    notify('Link copied. Anyone invited can open it to join.');
  } catch {
    notify(`Copy this link: ${meetingLink(meetingId)}`, 'warn');
  }
}

/** Puts the meeting in the address bar. @param {string} meetingId */
export function showLink(meetingId) {
  if (meetingInLink() !== meetingId) history.replaceState(null, '', `#meeting=${meetingId}`);
}

/** Takes it out again (left the meeting, or it cannot be joined). */
export function forgetLink() {
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}
