// The incoming-call dialog: who calls, audio or video, Accept / Decline.
import { byId, paintAvatar } from './dom.js';

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

  /** @param {{id: number, name: string}} caller @param {'audio' | 'video'} kind @param {number} others people also invited */
  show(caller, kind, others) {
    this.setCaller(caller);
    const what = kind === 'video' ? 'Incoming video call' : 'Incoming audio call';
    byId('incoming-kind').textContent = others > 0 ? `${what} · with ${others} other${others > 1 ? 's' : ''}` : what;
    byId('incoming-dialog').dataset.kind = kind;
    if (!this.dialog.open) this.dialog.showModal();
    byId('accept-call-button').focus();
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
