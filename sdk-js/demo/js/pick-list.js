// Lists of people to choose with a checkbox each: the participants of a new meeting, the contacts to ring into one.
import { el, paintAvatar } from './dom.js';
import { displayName } from './people.js';

/** @param {any} user @param {boolean} checked @param {string} [note] shown on the right ("Ringing…") */
export function pickRow(user, checked, note = '') {
  const name = displayName(user.id);
  const avatar = el('span', { class: 'avatar' });
  paintAvatar(avatar, { id: user.id, name });
  return el('li', { class: 'pick', dataset: { testid: 'pick', login: user.login ?? '' } },
    el('label', {},
      el('input', { type: 'checkbox', value: String(user.id), checked, class: 'contact-check', 'aria-label': `Choose ${name}` }),
      avatar,
      el('span', { class: 'contact-text' }, el('span', { class: 'contact-name' }, name),
        el('span', { class: 'contact-login muted' }, user.login ? `@${user.login}` : '')),
      note ? el('span', { class: 'presence' }, note) : null));
}

/** The user ids checked in a list. @param {HTMLElement} list */
export function picked(list) {
  return [...list.querySelectorAll('input:checked')].map((box) => Number(/** @type {HTMLInputElement} */ (box).value));
}
