// The contacts screen: the application's users with who is online (polled), a search box, and a
// selection of 1 to 3 people to call. Guests (users of a guest session, with generated logins) are
// not contacts: they exist only for their session, and nobody knows them by those logins.
import Parley from '/sdk/parley.js';
import { byId, el, paintAvatar } from './dom.js';
import { nameOf, remember } from './people.js';

const POLL_MS = 5000;
const MAX_SELECTED = 3;

export class ContactsView {
  /**
   * @param {{onCall: (userIds: number[], kind: 'audio' | 'video') => void}} handlers
   */
  constructor(handlers) {
    this.handlers = handlers;
    /** @type {number | null} */ this.myId = null;
    /** @type {Map<number, any>} */ this.users = new Map();
    /** @type {Set<number>} */ this.online = new Set();
    /** @type {Set<number>} */ this.selected = new Set();
    /** @type {Map<number, HTMLLIElement>} */ this.rows = new Map();
    /** @type {ReturnType<typeof setInterval> | null} */ this.timer = null;
    /** @type {string | null} why calls cannot be made from this page, if they cannot */ this.blocked = null;
    this.order = '';
    this.list = byId('contact-list');
    this.search = byId('contact-search');
    this.search.addEventListener('input', () => this.applyFilter());
    byId('audio-call-button').addEventListener('click', () => this.call('audio'));
    byId('video-call-button').addEventListener('click', () => this.call('video'));
  }

  /** Shows the contacts of the signed-in user and keeps them fresh. @param {number} myId */
  start(myId) {
    this.stop();
    this.myId = myId;
    this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Forgets the user's contacts (log out). */
  reset() {
    this.stop();
    this.users.clear();
    this.online.clear();
    this.selected.clear();
    this.rows.clear();
    this.order = '';
    this.list.replaceChildren();
    this.search.value = '';
    this.updateActions();
  }

  async refresh() {
    try {
      const [page, online] = await Promise.all([
        Parley.users.list({ limit: 100, is_guest: false }), Parley.users.online({ limit: 100 }),
      ]);
      remember(page.items);
      this.users = new Map(page.items.filter((u) => u.id !== this.myId).map((u) => [u.id, u]));
      this.online = new Set(online.map((u) => u.id));
      for (const id of this.selected) if (!this.users.has(id)) this.selected.delete(id);
      this.render();
    } catch {
      // A failed poll keeps the last list; the next one tries again.
    }
  }

  render() {
    const people = [...this.users.values()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    for (const user of people) this.renderRow(user);
    for (const [id, row] of this.rows) {
      if (!this.users.has(id)) {
        row.remove();
        this.rows.delete(id);
      }
    }
    const order = people.map((u) => u.id).join(',');
    if (order !== this.order) {
      this.order = order;
      this.list.append(...people.map((u) => /** @type {HTMLLIElement} */ (this.rows.get(u.id))));
    }
    this.applyFilter();
    this.updateActions();
  }

  /** @param {any} user */
  renderRow(user) {
    let row = this.rows.get(user.id);
    if (!row) {
      const box = el('input', { type: 'checkbox', class: 'contact-check', dataset: { testid: 'contact-checkbox' } });
      box.addEventListener('change', () => this.toggle(user.id, box.checked));
      row = el('li', { class: 'contact', dataset: { testid: 'contact', userId: String(user.id), login: user.login ?? '' } },
        el('label', {},
          box,
          el('span', { class: 'avatar' }),
          el('span', { class: 'contact-text' }, el('span', { class: 'contact-name' }), el('span', { class: 'contact-login muted' })),
          el('span', { class: 'presence', dataset: { testid: 'presence' } })));
      this.rows.set(user.id, row);
    }
    const isOnline = this.online.has(user.id);
    const name = nameOf(user);
    paintAvatar(row.querySelector('.avatar'), { id: user.id, name });
    row.querySelector('.contact-name').textContent = name;
    row.querySelector('.contact-login').textContent = user.login ? `@${user.login}` : '';
    const presence = row.querySelector('.presence');
    presence.textContent = isOnline ? 'Online' : 'Offline';
    row.dataset.online = String(isOnline);
    row.dataset.search = `${name} ${user.login ?? ''}`.toLowerCase();
    const box = row.querySelector('input');
    box.checked = this.selected.has(user.id);
    box.setAttribute('aria-label', `Select ${name}`);
  }

  applyFilter() {
    const query = this.search.value.trim().toLowerCase();
    let visible = 0;
    for (const row of this.rows.values()) {
      row.hidden = query !== '' && !row.dataset.search?.includes(query);
      if (!row.hidden) visible += 1;
    }
    const empty = byId('contacts-empty');
    empty.hidden = visible > 0;
    empty.textContent = this.rows.size === 0 ? 'No one here yet. Ask a colleague to sign up.' : 'No contact matches your search.';
  }

  /** @param {number} id @param {boolean} on */
  toggle(id, on) {
    if (on && this.selected.size < MAX_SELECTED) this.selected.add(id);
    else this.selected.delete(id);
    this.rows.get(id).querySelector('input').checked = this.selected.has(id);
    this.updateActions();
  }

  updateActions() {
    const count = this.selected.size;
    for (const [id, row] of this.rows) {
      const box = row.querySelector('input');
      box.disabled = count >= MAX_SELECTED && !this.selected.has(id);
      row.classList.toggle('selected', this.selected.has(id));
    }
    for (const id of ['audio-call-button', 'video-call-button']) {
      byId(id).disabled = count === 0 || this.blocked !== null;
      byId(id).title = this.blocked ?? '';
    }
    const names = [...this.selected].map((id) => nameOf(this.users.get(id)));
    byId('selection-summary').textContent = count === 0 ? 'Nobody selected'
      : count === MAX_SELECTED ? `${names.join(', ')} (most a call can hold)` : names.join(', ');
  }

  /** Calls cannot be made from this page (the notice above the list says why). @param {string} reason */
  blockCalls(reason) {
    this.blocked = reason;
    this.updateActions();
  }

  /** @param {'audio' | 'video'} kind */
  call(kind) {
    if (this.selected.size === 0 || this.blocked !== null) return;
    this.handlers.onCall([...this.selected], kind);
  }

  clearSelection() {
    this.selected.clear();
    for (const row of this.rows.values()) row.querySelector('input').checked = false;
    this.updateActions();
  }
}
