// The incoming-call dialog: who calls, audio or video, Accept / Decline.
import { byId, el, paintAvatar } from './dom.js';

export class IncomingDialog {
  /** @param {{onAccept: () => void, onDecline: () => void}} handlers */
  constructor(handlers) {
    this.dialog = /** @type {HTMLDialogElement} */ (byId('incoming-dialog'));
    byId('accept-call-button').addEventListener('click', () => handlers.onAccept());
    byId('decline-call-button').addEventListener('click', () => handlers.onDecline());
    // Escape declines rather than leaving the call ringing unseen.
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      handlers.onDecline();
    });
  }

  /**
   * @param {{id: number, name: string}} caller @param {'audio' | 'video'} kind @param {number} others people also invited
   * @param {import('./secure-page.js').CallsBlocked | null} blocked why this page cannot answer, if it cannot
   */
  show(caller, kind, others, blocked) {
    this.setCaller(caller);
    const what = kind === 'video' ? 'Incoming video call' : 'Incoming audio call';
    byId('incoming-kind').textContent = others > 0 ? `${what} · with ${others} other${others > 1 ? 's' : ''}` : what;
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

  /** @param {{id: number, name: string}} caller */
  setCaller(caller) {
    byId('incoming-caller').textContent = caller.name;
    paintAvatar(byId('incoming-avatar'), caller);
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }
}
