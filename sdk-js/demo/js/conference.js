// Meetings in progress: joining a meeting's room with the SDK's conference client (Parley.conference),
// everyone's tiles, the in-meeting controls, and ringing people in with the conference invitations
// (system messages over chat: callStart, callRejected, callEnd). One meeting at a time; an invitation
// while busy is declined as busy. The room does not say whose video is a shared screen, so the demo tells
// the others itself: a system message `{janusRoomId, screenSharing: '1' | '0'}` to each when sharing starts
// or stops, and to each newcomer while it lasts.
import Parley from '/sdk/parley.js';
import { ConferenceView } from './conference-view.js';
import { fill } from './devices.js';
import { byId, el, paintAvatar } from './dom.js';
import { notify } from './notices.js';
import { displayName, lookupName } from './people.js';
import { ActiveSpeaker } from './speaker.js';

const conf = Parley.conference;
const VIDEO_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 } };
/** How long an invitation rings before the inviter gives up on it (and the invited stops ringing). */
const RING_MS = 45_000;
/** How often one's own tile's meters are read. */
const OWN_METERS_MS = 1000;

/** A meeting's link: the demo's address with the meeting id in the fragment. @param {string} meetingId */
export function meetingLink(meetingId) {
  return `${location.origin}${location.pathname}#meeting=${meetingId}`;
}

/** The meeting id the address names (#meeting=…), or null. */
export function meetingInLink() {
  const id = new URLSearchParams(location.hash.slice(1)).get('meeting');
  return id && /^[0-9a-f]{24}$/.test(id) ? id : null;
}

/** Copies a meeting's link to the clipboard and says so. @param {string} meetingId */
export async function copyMeetingLink(meetingId) {
  try {
    await navigator.clipboard.writeText(meetingLink(meetingId));
    notify('Link copied. Anyone invited can open it to join.');
  } catch {
    notify(`Copy this link: ${meetingLink(meetingId)}`, 'warn');
  }
}

/**
 * @typedef {object} Room the meeting this page is in
 * @property {any} meeting the meeting (at least `_id`, `name`, `host_id`, `attendees`)
 * @property {any} session the SDK's ConferenceSession (null while it is made)
 * @property {any} stats the SDK's StatsReportsManager
 * @property {ReturnType<typeof setInterval> | undefined} ownMeters the timer of one's own tile's meters
 * @property {ActiveSpeaker} speaker
 * @property {Map<number, ReturnType<typeof setTimeout>>} ringing people invited who have not joined yet
 * @property {Set<number>} sharers the others who said they share their screen
 * @property {boolean} sharing whether the others were told this user shares the screen
 * @property {boolean} leaving
 */

export class ConferenceController {
  /**
   * @param {{me: () => {id: number, name: string}, callsBlocked: () => import('./secure-page.js').CallsBlocked | null,
   *   incoming: import('./incoming.js').IncomingDialog, otherwiseBusy: () => boolean, contacts: () => any[],
   *   onScreen: () => void, onIdle: () => void}} deps `otherwiseBusy`: in a P2P call or rung into one; `contacts`:
   *   the users one can invite
   */
  constructor(deps) {
    this.deps = deps;
    this.view = new ConferenceView();
    /** @type {Room | null} */ this.room = null;
    /** @type {{roomId: string, from: number, name: string, timer: ReturnType<typeof setTimeout>} | null} */ this.invitation = null;
    this.answer = { onAccept: () => this.acceptInvitation(), onDecline: () => this.declineInvitation() };
    byId('conference-leave').addEventListener('click', () => { this.leave(); });
    byId('conference-mic').addEventListener('click', () => this.toggleMic());
    byId('conference-camera').addEventListener('click', () => this.toggleCamera());
    byId('conference-screen-share').addEventListener('click', () => this.toggleScreen());
    byId('conference-devices-button').addEventListener('click', () => this.toggleDevices());
    byId('conference-camera-select').addEventListener('change', (e) => this.switchDevice('camera', e.target.value));
    byId('conference-mic-select').addEventListener('change', (e) => this.switchDevice('mic', e.target.value));
    byId('conference-output-select').addEventListener('change', (e) => this.switchDevice('output', e.target.value));
    byId('copy-link-button').addEventListener('click', () => { if (this.room) copyMeetingLink(this.room.meeting._id); });
    byId('invite-button').addEventListener('click', () => this.openInvite());
    byId('invite-cancel').addEventListener('click', () => byId('invite-dialog').close());
    byId('invite-form').addEventListener('submit', (event) => { event.preventDefault(); this.inviteChosen(); });
    byId('invite-people').addEventListener('change', () => {
      byId('invite-submit').disabled = !byId('invite-people').querySelector('input:checked');
    });
    addEventListener('pagehide', () => { this.leave(); });
    conf.onCallStart = (roomId, from, participantIds) => this.onInvited(roomId, from, participantIds);
    conf.onCallRejected = (roomId, userId, busy) => this.onRejected(roomId, userId, busy);
    conf.onCallEnd = (roomId, userId) => this.onInvitationEnded(roomId, userId);
    Parley.chat.onSystemMessageListener = ({ userId, extension }) => this.onSharingNote(userId, extension);
  }

  get busy() {
    return this.room !== null || this.invitation !== null;
  }

  /** Joins a meeting by its id (a link): looks it up first, which also tells whether one may join. @param {string} meetingId */
  async joinById(meetingId) {
    if (this.room?.meeting._id === meetingId) return;
    let meeting;
    try {
      [meeting] = await Parley.meetings.getMeetings({ _id: meetingId });
    } catch (error) {
      meeting = null;
      if (error.status !== 404 && error.status !== 403) {
        notify(`The meeting could not be opened: ${error.message}`, 'error');
        return;
      }
    }
    if (!meeting) {
      notify('That meeting does not exist any more, or you are not invited to it.', 'warn');
      forgetLink();
      return;
    }
    await this.join(meeting);
  }

  /**
   * Joins the meeting's room: the screen shows at once, the camera and microphone open, then the room
   * answers with who is there. Rings `invite` (user ids) once in.
   * @param {any} meeting @param {number[]} [invite]
   */
  async join(meeting, invite = []) {
    const blocked = this.deps.callsBlocked();
    if (blocked) {
      notify(`${blocked.title}: ${blocked.body}`, 'warn');
      return;
    }
    if (this.room || this.deps.otherwiseBusy()) {
      notify('Finish the current call before joining a meeting.', 'warn');
      return;
    }
    const me = this.deps.me();
    const room = { meeting, session: null, stats: null, speaker: new ActiveSpeaker(), ringing: new Map(), sharers: new Set(), sharing: false, ownMeters: undefined, leaving: false };
    this.room = room;
    this.view.open(meeting, me);
    showLink(meeting._id);
    this.deps.onScreen();
    try {
      const session = await conf.createCallSession(me.id, conf.CallType.VIDEO, { display: me.name });
      room.session = session;
      if (this.room !== room) {
        await session.leave();
        return;
      }
      this.listen(room, session);
      const publishers = await session.joinDialog(meeting._id, undefined, { video: VIDEO_CONSTRAINTS });
      if (this.room !== room) return;
      room.stats = new conf.StatsReportsManager();
      room.stats.onMicLevel = ({ userId, micLevel }) => this.onMicLevel(room, userId, micLevel);
      room.stats.onVideoBitrate = ({ userId, bitRate }) => this.view.setBitrate(userId, bitRate);
      room.stats.init(session);
      room.ownMeters = setInterval(() => this.measureOwn(room), OWN_METERS_MS);
      if (publishers.length === 0 && invite.length === 0) notify('You are the first one here. Share the link, or invite people.');
      if (invite.length > 0) await this.ring(invite);
    } catch (error) {
      if (this.room !== room) return;
      notify(`Could not join “${meeting.name}”: ${explain(error)}`, 'error');
      this.closed(room);
    }
  }

  /** @param {Room} room @param {any} session */
  listen(room, session) {
    const current = () => this.room === room;
    session.onLocalStreamReceived = (stream) => { if (current()) this.showLocal(room, stream); };
    session.onPublishersReceived = (ids) => {
      if (!current()) return;
      if (session.isSharingScreen) this.tellSharing(room, ids, true);
      for (const id of ids) {
        this.arrived(room, id);
        session.subscribeToPublisher(id).catch((error) => {
          if (current() && session.publishers.has(id)) notify(`${displayName(id)}’s video could not be received: ${explain(error)}`, 'error');
        });
      }
    };
    session.onRemoteStreamReceived = (_, userId, stream) => {
      const media = current() ? this.view.media(userId) : null;
      if (!media) return;
      session.attachMediaStream(media.video, stream, { muted: true });
      session.attachMediaStream(media.audio, stream);
      this.view.showsVideo(userId, stream.getVideoTracks().length > 0);
    };
    session.onRemoteStreamRemoved = (_, userId) => {
      const media = current() ? this.view.media(userId) : null;
      if (!media) return;
      session.detachMediaStream(media.video);
      session.detachMediaStream(media.audio);
      this.view.showsVideo(userId, false);
    };
    session.onRemoteMediaState = (_, userId, { kind, receiving }) => {
      if (current() && (kind === 'audio' || kind === 'video')) this.view.setMuted(userId, kind, !receiving);
    };
    session.onConnectedToUser = (_, userId) => { if (current()) this.view.setState(userId, 'connected'); };
    session.onDisconnectedFromUser = (_, userId) => { if (current()) this.view.setState(userId, 'reconnecting'); };
    session.onPublisherLeft = (userId) => {
      if (!current()) return;
      room.sharers.delete(userId);
      this.view.removeTile(userId);
      if (room.speaker.remove(userId)) this.view.setSpeaker(null);
      notify(`${displayName(userId)} left the meeting.`);
    };
    session.onError = (error) => {
      if (current() && !room.leaving) notify(`The meeting connection failed: ${explain(error)}`, 'error');
    };
    session.onSessionClosed = () => this.closed(room);
  }

  /** Someone is in the room: a tile, their name, and they are no longer rung. @param {Room} room @param {number} userId */
  arrived(room, userId) {
    this.view.addTile({ id: userId, name: displayName(userId) });
    if (room.sharers.has(userId)) this.view.setSharing(userId, true);
    lookupName(userId).then((name) => this.view.setName(userId, name));
    const ring = room.ringing.get(userId);
    if (ring) {
      clearTimeout(ring);
      room.ringing.delete(userId);
    }
  }

  /** @param {Room} room @param {MediaStream} stream */
  showLocal(room, stream) {
    const me = this.deps.me().id;
    const media = this.view.media(me);
    if (!media) return;
    media.video.srcObject = null; // re-attach: the stream's tracks may have been swapped
    media.video.srcObject = stream;
    media.video.play().catch(() => {});
    const sharing = Boolean(room.session?.isSharingScreen);
    this.view.showsVideo(me, stream.getVideoTracks().length > 0, !sharing);
    this.view.setControlsReady(true);
  }

  /** @param {Room} room @param {number} userId @param {number} level */
  onMicLevel(room, userId, level) {
    if (this.room !== room) return;
    this.view.setMicLevel(userId, level);
    if (room.speaker.update(userId, level)) this.view.setSpeaker(room.speaker.current);
  }

  /**
   * One's own tile's meters: the microphone's level as the browser measures it before sending (the `media-source`
   * statistics) and the video bitrate sent. @param {Room} room
   */
  async measureOwn(room) {
    const me = this.deps.me().id;
    try {
      const stats = await room.session.getStats(me);
      let level = 0;
      stats.raw.forEach((/** @type {any} */ entry) => {
        if (entry.type === 'media-source' && entry.kind === 'audio') level = entry.audioLevel ?? 0;
      });
      if (this.room !== room) return;
      this.view.setMicLevel(me, room.session.isMicrophoneMuted ? 0 : level);
      this.view.setBitrate(me, Math.round(stats.videoOut?.bitrate ?? 0));
    } catch {
      // Not publishing (yet, or any more): the meters keep their last values.
    }
  }

  /** Leaves the meeting; the others see this user's tile go. */
  async leave() {
    const room = this.room;
    if (!room) return;
    room.leaving = true;
    const unanswered = [...room.ringing.keys()];
    if (unanswered.length > 0) conf.sendEndCallMessage(room.meeting._id, unanswered).catch(() => {});
    if (room.session) await room.session.leave().catch(() => room.session.close());
    this.closed(room);
  }

  /** The session is over (left, or failed): back to the main screen. @param {Room} room */
  closed(room) {
    if (this.room !== room) return;
    this.room = null;
    room.stats?.dispose();
    clearInterval(room.ownMeters);
    for (const timer of room.ringing.values()) clearTimeout(timer);
    const duration = this.view.elapsed();
    this.view.reset();
    byId('invite-dialog').close();
    forgetLink();
    if (room.leaving) notify(`You left “${room.meeting.name}” · ${duration}`);
    this.deps.onIdle();
  }

  // ---- controls ----

  async toggleMic() {
    const session = this.room?.session;
    if (!session?.localStream) return;
    const mute = !session.isMicrophoneMuted;
    this.view.setMicMuted(mute);
    await session.setMicrophoneMute(mute).catch((error) => notify(`Microphone: ${explain(error)}`, 'error'));
  }

  async toggleCamera() {
    const session = this.room?.session;
    if (!session?.localStream) return;
    const enable = !session.isVideoEnabled;
    this.view.setCameraOff(!enable);
    await session.setVideoEnabled(enable).catch((error) => notify(`Camera: ${explain(error)}`, 'error'));
  }

  async toggleScreen() {
    const room = this.room;
    const session = room?.session;
    if (!session?.localStream) return;
    try {
      await session.enableScreenSharing(!session.isSharingScreen);
      // The browser's own "Stop sharing" brings the camera back inside the SDK: follow it.
      session.localStream.getVideoTracks()[0]?.addEventListener('ended', () => setTimeout(() => this.showSharing(room)));
    } catch (error) {
      notify(`Screen sharing: ${explain(error)}`, 'error');
    }
    this.showSharing(room);
  }

  /** @param {Room} room */
  showSharing(room) {
    if (this.room !== room || !room.session) return;
    const sharing = room.session.isSharingScreen;
    if (sharing !== room.sharing) {
      room.sharing = sharing;
      this.tellSharing(room, [...room.session.publishers], sharing);
    }
    this.view.setScreenButton(sharing);
    this.view.setSharing(this.deps.me().id, sharing);
    this.showLocal(room, room.session.localStream);
  }

  /** Tells others that this user's video is (or is no longer) a shared screen. @param {Room} room @param {number[]} ids @param {boolean} sharing */
  tellSharing(room, ids, sharing) {
    const extension = { janusRoomId: room.meeting._id, screenSharing: sharing ? '1' : '0' };
    for (const id of ids) Parley.chat.sendSystemMessage(id, { extension }).catch(() => {});
  }

  /** Another's note that their video is a shared screen, or a camera again. @param {number} userId @param {Record<string, unknown>} note */
  onSharingNote(userId, note) {
    const room = this.room;
    if (!room || note.janusRoomId !== room.meeting._id || (note.screenSharing !== '1' && note.screenSharing !== '0')) return;
    const sharing = note.screenSharing === '1';
    if (sharing) room.sharers.add(userId);
    else room.sharers.delete(userId);
    if (this.view.tiles.has(userId)) this.view.setSharing(userId, sharing);
  }

  async toggleDevices() {
    const panel = byId('conference-devices');
    panel.hidden = !panel.hidden;
    byId('conference-devices-button').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) await this.listDevices().catch(() => {});
  }

  async listDevices() {
    const session = this.room?.session;
    if (!session) return;
    const stream = session.localStream;
    const [cameras, all, outputs] = await Promise.all([
      session.getCameras(), navigator.mediaDevices.enumerateDevices(), session.getAudioOutputs(),
    ]);
    fill(byId('conference-camera-select'), cameras, stream?.getVideoTracks()[0], 'Camera');
    fill(byId('conference-mic-select'), all.filter((d) => d.kind === 'audioinput'), stream?.getAudioTracks()[0], 'Microphone');
    const output = byId('conference-output-select');
    fill(output, outputs, undefined, 'Speaker');
    if (outputs.length === 0) {
      // The browser lets pages choose no output (or knows none): the system's default plays.
      output.replaceChildren(el('option', { value: '' }, 'System default'));
    }
    output.value = session.audioOutput?.deviceId || output.value;
  }

  /** @param {'camera' | 'mic' | 'output'} kind @param {string} deviceId */
  async switchDevice(kind, deviceId) {
    const room = this.room;
    const session = room?.session;
    if (!session || !deviceId) return;
    try {
      if (kind === 'camera') await session.switchCamera(deviceId);
      else if (kind === 'mic') await session.switchMicrophone(deviceId);
      else await session.selectAudioOutput(deviceId);
      if (kind !== 'output') this.showLocal(room, session.localStream);
    } catch (error) {
      notify(`Could not switch the ${kind === 'output' ? 'speaker' : kind === 'mic' ? 'microphone' : 'camera'}: ${explain(error)}`, 'error');
    }
    this.listDevices().catch(() => {});
  }

  // ---- ringing people in ----

  /**
   * The people this user may ring into the meeting: contacts not in the room. The host may ring anyone
   * (ringing adds them to the meeting's attendees); others only the meeting's attendees.
   */
  invitable() {
    const room = this.room;
    if (!room) return [];
    const mine = room.meeting.host_id === this.deps.me().id;
    const attendees = new Set([room.meeting.host_id, ...(room.meeting.attendees ?? []).map((/** @type {any} */ a) => a.id)]);
    return this.deps.contacts().filter((user) => !this.view.tiles.has(user.id) && (mine || attendees.has(user.id)));
  }

  openInvite() {
    if (!this.room) return;
    const people = this.invitable();
    byId('invite-people').replaceChildren(...people.map((user) => pickRow(user, false, this.room?.ringing.has(user.id) ? 'Ringing…' : '')));
    byId('invite-empty').hidden = people.length > 0;
    byId('invite-submit').disabled = true;
    byId('invite-dialog').showModal();
  }

  async inviteChosen() {
    const ids = [...byId('invite-people').querySelectorAll('input:checked')].map((box) => Number(box.value));
    byId('invite-dialog').close();
    if (ids.length > 0) await this.ring(ids);
  }

  /**
   * Rings people into the meeting: the host first adds them to the meeting's attendees (only they may
   * join its room), then each gets a `callStart`. Who has not joined nor declined after RING_MS gets a `callEnd`.
   * @param {number[]} ids
   */
  async ring(ids) {
    const room = this.room;
    if (!room) return;
    const me = this.deps.me().id;
    try {
      const attendees = room.meeting.attendees ?? [];
      const missing = ids.filter((id) => id !== room.meeting.host_id && !attendees.some((/** @type {any} */ a) => a.id === id));
      if (missing.length > 0 && room.meeting.host_id === me) {
        room.meeting = await Parley.meetings.updateMeetingById(room.meeting._id,
          { attendees: [...attendees, ...missing.map((id) => ({ id }))] });
      }
      await conf.sendCallMessage(room.meeting._id, [me, ...ids]);
    } catch (error) {
      notify(`Could not ring ${ids.map(displayName).join(', ')}: ${explain(error)}`, 'error');
      return;
    }
    for (const id of ids) {
      clearTimeout(room.ringing.get(id));
      room.ringing.set(id, setTimeout(() => {
        if (!room.ringing.delete(id) || this.room !== room) return;
        conf.sendEndCallMessage(room.meeting._id, [id]).catch(() => {});
        notify(`${displayName(id)} didn’t answer.`, 'warn');
      }, RING_MS));
    }
    notify(`Ringing ${ids.map(displayName).join(', ')}…`);
  }

  /** @param {string} roomId @param {number} userId @param {boolean} busy */
  onRejected(roomId, userId, busy) {
    const room = this.room;
    if (!room || room.meeting._id !== roomId) return;
    clearTimeout(room.ringing.get(userId));
    room.ringing.delete(userId);
    notify(busy ? `${displayName(userId)} is busy on another call.` : `${displayName(userId)} declined to join.`, 'warn');
  }

  /** An invitation into a meeting: the incoming dialog, as for a call. @param {string} roomId @param {number} from @param {number[]} ids */
  onInvited(roomId, from, ids) {
    if (this.room?.meeting._id === roomId) return; // there already
    if (this.busy || this.deps.otherwiseBusy()) {
      conf.sendRejectMessage(roomId, true, from).catch(() => {});
      return;
    }
    const others = ids.filter((id) => id !== from && id !== this.deps.me().id).length;
    const timer = setTimeout(() => this.missed(), RING_MS);
    this.invitation = { roomId, from, name: displayName(from), timer };
    const what = (/** @type {string} */ meeting) => `Invites you to ${meeting}${others > 0 ? ` · with ${others} other${others > 1 ? 's' : ''}` : ''}`;
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

  /** @param {string} roomId @param {number} userId */
  onInvitationEnded(roomId, userId) {
    if (this.invitation?.roomId === roomId && this.invitation.from === userId) this.missed();
  }

  missed() {
    const invitation = this.takeInvitation();
    if (invitation) notify(`Missed a meeting invitation from ${invitation.name}.`);
  }

  takeInvitation() {
    const invitation = this.invitation;
    if (!invitation) return null;
    clearTimeout(invitation.timer);
    this.invitation = null;
    this.deps.incoming.close(this.answer);
    return invitation;
  }

  async acceptInvitation() {
    const invitation = this.takeInvitation();
    if (invitation) await this.joinById(invitation.roomId);
  }

  async declineInvitation() {
    const invitation = this.takeInvitation();
    if (invitation) await conf.sendRejectMessage(invitation.roomId, false, invitation.from).catch(() => {});
  }
}

/**
 * A row of a list of people to choose (the invite and new-meeting dialogs).
 * @param {any} user @param {boolean} checked @param {string} [note]
 */
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

/** Puts the meeting in the address bar, so that a reload rejoins and the address is its link. @param {string} meetingId */
function showLink(meetingId) {
  if (meetingInLink() !== meetingId) history.replaceState(null, '', `#meeting=${meetingId}`);
}

function forgetLink() {
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

/** @param {any} error */
function explain(error) {
  return error?.message ?? String(error);
}
