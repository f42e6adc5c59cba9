// The incoming-call dialog: who calls (a P2P call, or an invitation into a meeting), what kind of call,
// Accept / Decline. One dialog for both: whoever shows it last gets the answer.
import { byId, el, paintAvatar } from './dom.js';

/** @typedef {{onAccept: () => void, onDecline: () => void}} Answer */

export class IncomingDialog {
  constructor() {
    this.dialog = /** @type {HTMLDialogElement} */ (byId('incoming-dialog'));
    /** @type {Answer | null} */ this.answer = null;
    byId('accept-call-button').addEventListener('click', () => this.answer?.onAccept());
    byId('decline-call-button').addEventListener('click', () => this.answer?.onDecline());
    // Escape declines rather than leaving the call ringing unseen.
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.answer?.onDecline();
    });
  }

  /**
   * @param {{id: number, name: string}} caller @param {'audio' | 'video' | 'meeting'} kind
   * @param {string} what the line under the caller's name ("Incoming video call · with 2 others")
   * @param {import('./secure-page.js').CallsBlocked | null} blocked why this page cannot answer, if it cannot
   * @param {Answer} answer what Accept and Decline do
   */
  show(caller, kind, what, blocked, answer) {
    this.answer = answer;
    this.setCaller(caller);
    this.setWhat(what);
    byId('incoming-dialog').dataset.kind = kind;
    this.explainBlocked(blocked);
    if (!this.dialog.open) this.dialog.showModal();
    byId(blocked ? 'decline-call-button' : 'accept-call-button').focus();
  }

  /**
   * On a page that cannot call, Accept is off and a line says where to answer: signed in on the secure
   * page, the call rings there at the caller's next re-dial. @param {import('./secure-page.js').CallsBlocked | null} blocked
   */
  explainBlocked(blocked) {
    const note = byId('incoming-note');
    note.hidden = !blocked;
    byId('accept-call-button').disabled = Boolean(blocked);
    if (!blocked) return;
    note.replaceChildren(`${blocked.title}. `);
    if (blocked.link) note.append(el('a', { href: blocked.link.href }, 'Answer on the secure page'));
  }

  /** @param {string} what the line under the caller's name */
  setWhat(what) {
    byId('incoming-kind').textContent = what;
  }

  /** @param {{id: number, name: string}} caller */
  setCaller(caller) {
    byId('incoming-caller').textContent = caller.name;
    paintAvatar(byId('incoming-avatar'), caller);
  }

  /** Closes the dialog if it still shows that answer's call. @param {Answer} answer */
  close(answer) {
    if (this.answer !== answer) return;
    this.answer = null;
    if (this.dialog.open) this.dialog.close();
  }
}
