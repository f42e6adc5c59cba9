// The meetings card of the main screen: the upcoming meetings the user hosts or attends (polled), each
// with Join, Copy link and, for its host, Delete; and the New meeting dialog: a name, now or a start and
// end, and participants chosen from the contacts. A meeting started now opens at once and rings them.
import Parley from '/sdk/parley.js';
import { byId, el, paintAvatar } from './dom.js';
import { icon } from './icons.js';
import { copyMeetingLink } from './meeting-links.js';
import { notify } from './notices.js';
import { displayName, lookupName } from './people.js';
import { pickRow, picked } from './pick-list.js';

const POLL_MS = 15_000;
/** The most participants one meeting's room takes (the SFU's publishers per room), the host included. */
const MAX_PEOPLE = 12;
/** A meeting started now lasts this long (it stays listed, and joinable by its link, until then). */
const NOW_MS = 60 * 60_000;
/** How long a Delete button waits for its confirming second click. */
const CONFIRM_MS = 4000;

export class MeetingsView {
  /**
   * @param {{me: () => {id: number, name: string}, contacts: () => any[], selected: () => number[],
   *   onJoin: (meeting: any, invite?: number[]) => void}} deps `selected`: the contacts chosen on the main screen
   */
  constructor(deps) {
    this.deps = deps;
    /** @type {ReturnType<typeof setInterval> | null} */ this.timer = null;
    this.list = byId('meeting-list');
    this.dialog = /** @type {HTMLDialogElement} */ (byId('meeting-dialog'));
    this.form = /** @type {HTMLFormElement} */ (byId('meeting-form'));
    byId('new-meeting-button').addEventListener('click', () => this.openDialog());
    byId('meeting-cancel').addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.create(); });
    this.form.addEventListener('change', () => this.updateForm());
  }

  start() {
    this.stop();
    this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  reset() {
    this.stop();
    this.list.replaceChildren();
    byId('meetings-empty').hidden = false;
  }

  /** The meetings not over yet, soonest first. */
  async refresh() {
    try {
      const now = Math.floor(Date.now() / 1000);
      const meetings = await Parley.meetings.getMeetings({ 'end_date[gt]': now, limit: 50 });
      meetings.sort((a, b) => a.start_date - b.start_date);
      this.render(meetings);
    } catch {
      // A failed poll keeps the last list; the next one tries again.
    }
  }

  /** @param {any[]} meetings */
  render(meetings) {
    const me = this.deps.me().id;
    const now = Date.now() / 1000;
    const rows = meetings.map((meeting) => {
      const live = meeting.start_date <= now;
      const people = [meeting.host_id, ...meeting.attendees.map((/** @type {any} */ a) => a.id).filter(Boolean)];
      const avatars = el('span', { class: 'meeting-people' }, ...people.slice(0, 5).map((id) => {
        const avatar = el('span', { class: 'avatar avatar-tiny' });
        paintAvatar(avatar, { id, name: displayName(id) });
        if (displayName(id) === `User ${id}`) lookupName(id).then((name) => paintAvatar(avatar, { id, name }));
        return avatar;
      }), people.length > 5 ? el('span', { class: 'avatar avatar-tiny avatar-more' }, `+${people.length - 5}`) : null);
      const join = el('button', { type: 'button', class: `button button-small${live ? ' button-primary' : ''}`, dataset: { testid: 'meeting-join' } }, 'Join');
      join.addEventListener('click', () => this.deps.onJoin(meeting));
      const copy = iconButton('link', 'Copy link', 'meeting-copy-link');
      copy.addEventListener('click', () => copyMeetingLink(meeting._id));
      const actions = el('span', { class: 'meeting-actions' }, copy);
      if (meeting.host_id === me) {
        const remove = iconButton('trash', 'Delete meeting', 'meeting-delete');
        remove.addEventListener('click', () => this.remove(meeting, remove));
        actions.append(remove);
      }
      actions.append(join);
      return el('li', { class: 'meeting', dataset: { testid: 'meeting', meetingId: meeting._id, live: String(live) } },
        el('span', { class: 'meeting-when' }, live ? el('span', { class: 'live-badge' }, 'Live') : dayLabel(meeting.start_date)),
        el('span', { class: 'meeting-text' },
          el('span', { class: 'meeting-name', dataset: { testid: 'meeting-name' } }, meeting.name),
          el('span', { class: 'meeting-time muted' }, timeLabel(meeting, live, me))),
        avatars, actions);
    });
    this.list.replaceChildren(...rows);
    byId('meetings-empty').hidden = rows.length > 0;
  }

  /** Deletes on a second click (the first asks). @param {any} meeting @param {HTMLButtonElement} button */
  async remove(meeting, button) {
    if (button.dataset.confirm !== 'true') {
      button.dataset.confirm = 'true';
      button.title = 'Click again to delete';
      button.setAttribute('aria-label', `Delete “${meeting.name}”: click again to confirm`);
      setTimeout(() => { button.dataset.confirm = 'false'; button.title = 'Delete meeting'; }, CONFIRM_MS);
      return;
    }
    try {
      await Parley.meetings.deleteMeeting(meeting._id);
      notify(`“${meeting.name}” deleted.`);
    } catch (error) {
      notify(`Could not delete “${meeting.name}”: ${error.message}`, 'error');
    }
    await this.refresh();
  }

  openDialog() {
    const me = this.deps.me();
    const chosen = new Set(this.deps.selected());
    this.form.reset();
    /** @type {HTMLInputElement} */ (this.form.elements.namedItem('name')).value = `${me.name}’s meeting`;
    const start = new Date(Math.ceil(Date.now() / (30 * 60_000)) * 30 * 60_000);
    /** @type {HTMLInputElement} */ (this.form.elements.namedItem('start')).value = localInput(start);
    /** @type {HTMLInputElement} */ (this.form.elements.namedItem('end')).value = localInput(new Date(start.getTime() + 30 * 60_000));
    const people = [...this.deps.contacts()].sort((a, b) => displayName(a.id).localeCompare(displayName(b.id)));
    byId('meeting-people').replaceChildren(...people.map((user) => pickRow(user, chosen.has(user.id))));
    byId('meeting-error').hidden = true;
    this.updateForm();
    this.dialog.showModal();
    /** @type {HTMLInputElement} */ (this.form.elements.namedItem('name')).select();
  }

  /** Shows the times for a scheduled meeting, counts the people, and keeps them within a room's size. */
  updateForm() {
    const later = this.when() === 'later';
    /** @type {HTMLElement} */ (this.form.querySelector('.when-later')).hidden = !later;
    /** @type {HTMLElement} */ (this.form.querySelector('.when-now-only')).hidden = later;
    byId('meeting-submit').textContent = later ? 'Schedule' : 'Start meeting';
    const boxes = [...byId('meeting-people').querySelectorAll('input')];
    const count = boxes.filter((b) => b.checked).length;
    for (const box of boxes) box.disabled = !box.checked && count >= MAX_PEOPLE - 1;
    byId('meeting-people-count').textContent = count > 0 ? `· ${count} chosen` : '';
  }

  when() {
    return /** @type {RadioNodeList} */ (this.form.elements.namedItem('when')).value;
  }

  async create() {
    const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (this.form.elements.namedItem(name)).value;
    const name = field('name').trim();
    const later = this.when() === 'later';
    const ids = picked(byId('meeting-people'));
    const start = later ? Date.parse(field('start')) : Date.now();
    const end = later ? Date.parse(field('end')) : Date.now() + NOW_MS;
    const problem = !name ? 'Give the meeting a name.'
      : later && (Number.isNaN(start) || Number.isNaN(end)) ? 'Choose when the meeting starts and ends.'
        : later && end <= start ? 'The meeting must end after it starts.'
          : later && end <= Date.now() ? 'That time is past: choose a later one.' : null;
    if (problem) {
      showError(problem);
      return;
    }
    const submit = byId('meeting-submit');
    submit.setAttribute('aria-busy', 'true');
    try {
      const meeting = await Parley.meetings.createMeeting({
        name, start_date: Math.floor(start / 1000), end_date: Math.floor(end / 1000), attendees: ids.map((id) => ({ id })),
        scheduled: later, record: false, chat: false,
      });
      this.dialog.close();
      if (later) {
        notify(`“${meeting.name}” scheduled for ${dayLabel(meeting.start_date)}, ${clock(meeting.start_date)}.`);
        await this.refresh();
      } else {
        this.deps.onJoin(meeting, ids);
      }
    } catch (error) {
      showError(`The meeting could not be created: ${error.message}`);
    } finally {
      submit.removeAttribute('aria-busy');
    }
  }
}

/** @param {string} text */
function showError(text) {
  const error = byId('meeting-error');
  error.textContent = text;
  error.hidden = false;
}

/** @param {string} iconName @param {string} label @param {string} testId */
function iconButton(iconName, label, testId) {
  const button = el('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, dataset: { testid: testId } });
  button.innerHTML = icon(iconName);
  return button;
}

/** "Today", "Tomorrow" or "Wed 2 Dec". @param {number} seconds */
function dayLabel(seconds) {
  const day = new Date(seconds * 1000);
  const today = new Date();
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  if (day.toDateString() === today.toDateString()) return 'Today';
  if (day.toDateString() === tomorrow.toDateString()) return 'Tomorrow';
  return day.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
}

/** @param {number} seconds */
function clock(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "Now · until 15:30 · hosted by Ann" or "10:00–10:30 · you host". @param {any} meeting @param {boolean} live @param {number} me */
function timeLabel(meeting, live, me) {
  const when = live ? `Now · until ${clock(meeting.end_date)}` : `${clock(meeting.start_date)}–${clock(meeting.end_date)}`;
  return `${when} · ${meeting.host_id === me ? 'you host' : `hosted by ${displayName(meeting.host_id)}`}`;
}

/** A date as a datetime-local input wants it (local time, minutes). @param {Date} date */
function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
