// Short messages at the top of the window ("Bob declined", "Call ended"); they fade after a while.
import { byId, el } from './dom.js';

const SHOW_MS = 6000;

/**
 * @param {string} text
 * @param {'info' | 'warn' | 'error'} [tone]
 */
export function notify(text, tone = 'info') {
  const notice = el('div', { class: `notice notice-${tone}`, dataset: { testid: 'notice' } }, text);
  byId('notices').append(notice);
  setTimeout(() => {
    notice.classList.add('leaving');
    setTimeout(() => notice.remove(), 300);
  }, SHOW_MS);
}

/** Removes every notice at once (log-out). */
export function clearNotices() {
  byId('notices').replaceChildren();
}
