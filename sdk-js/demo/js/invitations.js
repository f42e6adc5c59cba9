// Ringing people into a meeting with the conference invitations of the SDK (Parley.conference: system messages
// over chat, `callStart`, `callRejected`, `callEnd`). Out: the Invite sheet of the meeting screen, and the people
// chosen for a meeting started now; each rings until they join, decline or RING_MS pass (then a `callEnd`). In: the
// call dialog, whose Accept joins the meeting; an invitation while busy is declined as busy.
import Parley from '/sdk/parley.js';
import { byId } from './dom.js';
import { notify } from './notices.js';
import { displayName, lookupName } from './people.js';
import { pickRow, picked } from './pick-list.js';

const conf = Parley.conference;
/** How long an invitation rings before the inviter gives up on it (and the invited stops ringing). */
const RING_MS = 45_000;

export class Invitations {
  /**
   * @param {{me: () => {id: number, name: string}, callsBlocked: () => import('./secure-page.js').CallsBlocked | null,
   *   incoming: import('./incoming.js').IncomingDialog, busy: () => boolean, meeting: () => any,
   *   present: (userId: number) => boolean, contacts: () => any[], join: (meetingId: string) => Promise<unknown>,
   *   meetingChanged: (meeting: any) => void}} deps `busy`: in a call or a meeting; `meeting`: the one this page is
   *   in (or null); `present`: whether a user is in it; `meetingChanged`: the host added attendees
   */
  constructor(deps) {
    this.deps = deps;
    /** @type {{roomId: string, from: number, name: string, timer: ReturnType<typeof setTimeout>} | null} ringing here */
    this.invitation = null;
    /** @type {{meetingId: string, timers: Map<number, ReturnType<typeof setTimeout>>}} those this user rings */
    this.out = { meetingId: '', timers: new Map() };
    this.answer = { onAccept: () => this.accept(), onDecline: () => this.decline() };
    byId('invite-button').addEventListener('click', () => this.openSheet());
    byId('invite-cancel').addEventListener('click', () => byId('invite-dialog').close());
    byId('invite-form').addEventListener('submit', (event) => {
      event.preventDefault();
      byId('invite-dialog').close();
      const ids = picked(byId('invite-people'));
      if (ids.length > 0) this.ring(ids);
    });
    byId('invite-people').addEventListener('change', () => { byId('invite-submit').disabled = picked(byId('invite-people')).length === 0; });
    conf.onCallStart = (roomId, from, participantIds) => this.onInvited(roomId, from, participantIds);
    conf.onCallRejected = (roomId, userId, busy) => this.onRejected(roomId, userId, busy);
    conf.onCallEnd = (roomId, userId) => this.onEnded(roomId, userId);
  }

  /** Whether an invitation rings here now. */
  get ringing() {
    return this.invitation !== null;
  }

  // ---- out ----

  /**
   * The people this user may ring into the meeting: contacts not in it. The host may ring anyone (ringing adds
   * them to the meeting's attendees); others only the meeting's attendees.
   */
  invitable() {
    const meeting = this.deps.meeting();
    if (!meeting) return [];
    const mine = meeting.host_id === this.deps.me().id;
    const attendees = new Set([meeting.host_id, ...(meeting.attendees ?? []).map((/** @type {any} */ a) => a.id)]);
    return this.deps.contacts().filter((user) => !this.deps.present(user.id) && (mine || attendees.has(user.id)));
  }

  openSheet() {
    const people = this.invitable();
    byId('invite-people').replaceChildren(...people.map((user) => pickRow(user, false, this.out.timers.has(user.id) ? 'Ringing…' : '')));
    byId('invite-empty').hidden = people.length > 0;
    byId('invite-submit').disabled = true;
    byId('invite-dialog').showModal();
  }

  /**
   * Rings people into the meeting this page is in: the host first adds them to the meeting's attendees (only they
   * may join its room), then each gets a `callStart`.
   * @param {number[]} ids
   */
  async ring(ids) {
    let meeting = this.deps.meeting();
    if (!meeting) return;
    const me = this.deps.me().id;
    try {
      const attendees = meeting.attendees ?? [];
      const missing = ids.filter((id) => id !== meeting.host_id && !attendees.some((/** @type {any} */ a) => a.id === id));
      if (missing.length > 0 && meeting.host_id === me) {
        meeting = await Parley.meetings.updateMeetingById(meeting._id, { attendees: [...attendees, ...missing.map((id) => ({ id }))] });
        this.deps.meetingChanged(meeting);
      }
      await conf.sendCallMessage(meeting._id, [me, ...ids]);
    } catch (error) {
      notify(`Could not ring ${ids.map(displayName).join(', ')}: ${error.message}`, 'error');
      return;
    }
    if (this.out.meetingId !== meeting._id) this.stopRinging();
    this.out.meetingId = meeting._id;
    const { timers } = this.out;
    for (const id of ids) {
      clearTimeout(timers.get(id));
      timers.set(id, setTimeout(() => {
        if (!timers.delete(id)) return;
        conf.sendEndCallMessage(meeting._id, [id]).catch(() => {});
        notify(`${displayName(id)} didn’t answer.`, 'warn');
      }, RING_MS));
    }
    notify(`Ringing ${ids.map(displayName).join(', ')}…`);
  }

  /** Someone joined the meeting: no more ringing them. @param {number} userId */
  arrived(userId) {
    clearTimeout(this.out.timers.get(userId));
    this.out.timers.delete(userId);
  }

  /** This user leaves the meeting: those still rung get a `callEnd`. */
  stopRinging() {
    const { meetingId, timers } = this.out;
    if (timers.size > 0) conf.sendEndCallMessage(meetingId, [...timers.keys()]).catch(() => {});
    for (const timer of timers.values()) clearTimeout(timer);
    this.out = { meetingId: '', timers: new Map() };
    byId('invite-dialog').close();
  }

  /** @param {string} roomId @param {number} userId @param {boolean} busy */
  onRejected(roomId, userId, busy) {
    if (roomId !== this.out.meetingId || !this.out.timers.has(userId)) return;
    this.arrived(userId);
    notify(busy ? `${displayName(userId)} is busy on another call.` : `${displayName(userId)} declined to join.`, 'warn');
  }

  // ---- in ----

  /** An invitation: the call dialog. @param {string} roomId @param {number} from @param {number[]} ids */
  onInvited(roomId, from, ids) {
    if (this.deps.meeting()?._id === roomId) return; // there already
    if (this.ringing || this.deps.busy()) {
      conf.sendRejectMessage(roomId, true, from).catch(() => {});
      return;
    }
    const others = ids.filter((id) => id !== from && id !== this.deps.me().id).length;
    const what = (/** @type {string} */ meeting) => `Invites you to ${meeting}${others > 0 ? ` · with ${others} other${others > 1 ? 's' : ''}` : ''}`;
    this.invitation = { roomId, from, name: displayName(from), timer: setTimeout(() => this.missed(), RING_MS) };
    this.deps.incoming.show({ id: from, name: displayName(from) }, 'meeting', what('a meeting'), this.deps.callsBlocked(), this.answer);
    lookupName(from).then((name) => {
      if (this.invitation?.roomId !== roomId) return;
      this.invitation.name = name;
      this.deps.incoming.setCaller({ id: from, name });
    });
    Parley.meetings.getMeetings({ _id: roomId }).then(([meeting]) => {
      if (this.invitation?.roomId === roomId && meeting?.name) this.deps.incoming.setWhat(what(`“${meeting.name}”`));
    }, () => {}); // not one of this user's meetings (yet): the line stays general
  }

  /** The one who rang gave up. @param {string} roomId @param {number} userId */
  onEnded(roomId, userId) {
    if (this.invitation?.roomId === roomId && this.invitation.from === userId) this.missed();
  }

  missed() {
    const invitation = this.take();
    if (invitation) notify(`Missed a meeting invitation from ${invitation.name}.`);
  }

  take() {
    const invitation = this.invitation;
    if (!invitation) return null;
    clearTimeout(invitation.timer);
    this.invitation = null;
    this.deps.incoming.close(this.answer);
    return invitation;
  }

  async accept() {
    const invitation = this.take();
    if (invitation) await this.deps.join(invitation.roomId);
  }

  async decline() {
    const invitation = this.take();
    if (invitation) await conf.sendRejectMessage(invitation.roomId, false, invitation.from).catch(() => {});
  }
}
