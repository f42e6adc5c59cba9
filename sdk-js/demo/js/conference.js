// A meeting in progress: joining its room with the SDK's conference client (Parley.conference), everyone's tiles
// and meters, who talks and who holds the floor (the room's talking and dominant speaker events), one's own media
// controls, and leaving. One meeting at a time. The room does not say whose video is a shared screen, so the demo
// tells the others itself: a system message `{janusRoomId, screenSharing: '1' | '0'}` to each when sharing starts
// or stops, and to each newcomer while it lasts.
import Parley from '/sdk/parley.js';
import { ConferenceDevices } from './conference-devices.js';
import { ConferenceView } from './conference-view.js';
import { byId } from './dom.js';
import { copyMeetingLink, forgetLink, showLink } from './meeting-links.js';
import { notify } from './notices.js';
import { displayName, lookupName } from './people.js';

const conf = Parley.conference;
const VIDEO_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 } };
/** How often one's own tile's meters are read. */
const OWN_METERS_MS = 1000;

/**
 * @typedef {object} Room the meeting this page is in
 * @property {any} meeting the meeting (at least `_id`, `name`, `host_id`, `attendees`)
 * @property {any} session the SDK's ConferenceSession (null while it is made)
 * @property {any} stats the SDK's StatsReportsManager
 * @property {ReturnType<typeof setInterval> | undefined} ownMeters the timer of one's own tile's meters
 * @property {Set<number>} sharers the others who said they share their screen
 * @property {boolean} sharing whether the others were told this user shares the screen
 * @property {boolean} leaving
 */

export class ConferenceController {
  /**
   * @param {{me: () => {id: number, name: string}, callsBlocked: () => import('./secure-page.js').CallsBlocked | null,
   *   otherwiseBusy: () => boolean, onArrived: (userId: number) => void, onLeaving: () => void,
   *   onScreen: () => void, onIdle: () => void}} deps `otherwiseBusy`: in a P2P call, or rung; `onArrived`: someone
   *   is in the room; `onLeaving`: this user leaves it
   */
  constructor(deps) {
    this.deps = deps;
    this.view = new ConferenceView();
    /** @type {Room | null} */ this.room = null;
    this.devices = new ConferenceDevices({
      session: () => this.room?.session, onSwitched: () => { if (this.room) this.showLocal(this.room, this.room.session.localStream); },
    });
    byId('conference-leave').addEventListener('click', () => { this.leave(); });
    byId('conference-mic').addEventListener('click', () => this.toggleMic());
    byId('conference-camera').addEventListener('click', () => this.toggleCamera());
    byId('conference-screen-share').addEventListener('click', () => this.toggleScreen());
    byId('copy-link-button').addEventListener('click', () => { if (this.room) copyMeetingLink(this.room.meeting._id); });
    addEventListener('pagehide', () => { this.leave(); });
    Parley.chat.onSystemMessageListener = ({ userId, extension }) => this.onSharingNote(userId, extension);
  }

  get busy() {
    return this.room !== null;
  }

  /** The meeting this page is in, or null. */
  get meeting() {
    return this.room?.meeting ?? null;
  }

  /** Whether a user is in the meeting (has a tile). @param {number} userId */
  has(userId) {
    return this.view.tiles.has(userId);
  }

  /** The host changed the meeting (ringing someone in added them to its attendees). @param {any} meeting */
  meetingChanged(meeting) {
    if (this.room?.meeting._id === meeting._id) this.room.meeting = meeting;
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
   * answers with who is there. Resolves with whether this user is in.
   * @param {any} meeting @param {{quiet?: boolean}} [options] `quiet`: no "first one here" notice (people are rung)
   */
  async join(meeting, { quiet = false } = {}) {
    if (this.room?.meeting._id === meeting._id) return true; // its link again, or Join twice
    const blocked = this.deps.callsBlocked();
    if (blocked) {
      notify(`${blocked.title}: ${blocked.body}`, 'warn');
      return false;
    }
    if (this.room || this.deps.otherwiseBusy()) {
      notify('Finish the current call before joining a meeting.', 'warn');
      return false;
    }
    const me = this.deps.me();
    /** @type {Room} */
    const room = { meeting, session: null, stats: null, sharers: new Set(), sharing: false, ownMeters: undefined, leaving: false };
    this.room = room;
    this.view.open(meeting, me);
    showLink(meeting._id);
    this.deps.onScreen();
    try {
      const session = await conf.createCallSession(me.id, conf.CallType.VIDEO, { display: me.name });
      room.session = session;
      if (this.room !== room) {
        await session.leave();
        return false;
      }
      this.listen(room, session);
      const publishers = await session.joinDialog(meeting._id, undefined, { video: VIDEO_CONSTRAINTS });
      if (this.room !== room) return false;
      room.stats = new conf.StatsReportsManager();
      room.stats.onMicLevel = ({ userId, micLevel }) => { if (this.room === room) this.view.setMicLevel(userId, micLevel); };
      room.stats.onVideoBitrate = ({ userId, bitRate }) => this.view.setBitrate(userId, bitRate);
      room.stats.init(session);
      room.ownMeters = setInterval(() => this.measureOwn(room), OWN_METERS_MS);
      if (publishers.length === 0 && !quiet) notify('You are the first one here. Share the link, or invite people.');
      return true;
    } catch (error) {
      if (this.room === room) {
        notify(`Could not join “${meeting.name}”: ${explain(error)}`, 'error');
        this.closed(room);
      }
      return false;
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
    session.onTalkingChanged = (_, userId, talking) => { if (current()) this.view.setTalking(userId, talking); };
    // One's own floor does not put oneself large: the others' last speaker stays there.
    session.onDominantSpeakerChanged = (_, userId) => { if (current() && userId !== this.deps.me().id) this.view.setSpeaker(userId); };
    session.onConnectedToUser = (_, userId) => { if (current()) this.view.setState(userId, 'connected'); };
    session.onDisconnectedFromUser = (_, userId) => { if (current()) this.view.setState(userId, 'reconnecting'); };
    session.onPublisherLeft = (userId) => {
      if (!current()) return;
      room.sharers.delete(userId);
      this.view.removeTile(userId);
      notify(`${displayName(userId)} left the meeting.`);
    };
    session.onError = (error) => {
      if (current() && !room.leaving) notify(`The meeting connection failed: ${explain(error)}`, 'error');
    };
    session.onSessionClosed = () => this.closed(room);
  }

  /** Someone is in the room: a tile and their name. @param {Room} room @param {number} userId */
  arrived(room, userId) {
    this.view.addTile({ id: userId, name: displayName(userId) });
    if (room.sharers.has(userId)) this.view.setSharing(userId, true);
    lookupName(userId).then((name) => this.view.setName(userId, name));
    this.deps.onArrived(userId);
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
    if (room.session) await room.session.leave().catch(() => room.session.close());
    this.closed(room);
  }

  /** The session is over (left, or failed): back to the main screen. @param {Room} room */
  closed(room) {
    if (this.room !== room) return;
    this.room = null;
    room.stats?.dispose();
    clearInterval(room.ownMeters);
    this.deps.onLeaving();
    const duration = this.view.timer.elapsed();
    this.view.reset();
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
}

/** @param {any} error */
function explain(error) {
  return error?.message ?? String(error);
}
