// The call flow: outgoing and incoming calls, the in-call controls, and the SDK's call listeners
// turned into what the call screen shows. One call at a time; a second incoming call while busy is
// declined as busy.
import Parley from '/sdk/parley.js';
import { CallView } from './call-view.js';
import { DevicePicker } from './devices.js';
import { byId } from './dom.js';
import { startMeters } from './meters.js';
import { notify } from './notices.js';
import { displayName, lookupName } from './people.js';

const vc = Parley.videochat;
const { CallType, SessionConnectionState: Conn, SessionState, ReconnectionState } = vc;
const VIDEO_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 } };
/** How long a call chosen on its notification is awaited: the caller re-dials until its answer timeout (60 s by default). */
const ANSWER_WAIT_MS = 60_000;

/**
 * @typedef {object} ActiveCall
 * @property {any} session the SDK's CallSession
 * @property {'audio' | 'video'} kind
 * @property {{dispose: () => void}} meters
 * @property {Set<number>} reconnecting users whose connection is being restored
 * @property {boolean} endExplained a notice already says why the call ended
 */

export class CallController {
  /**
   * @param {{me: () => {id: number, name: string}, callsBlocked: () => import('./secure-page.js').CallsBlocked | null,
   *   incoming: import('./incoming.js').IncomingDialog, otherwiseBusy: () => boolean,
   *   onCallScreen: () => void, onIdle: () => void, onRinging: (sessionId: string) => void}} deps `otherwiseBusy`: in a
   *   meeting, or rung into one; `onRinging`: an incoming call shows
   */
  constructor(deps) {
    this.deps = deps;
    this.view = new CallView();
    this.incoming = deps.incoming;
    /** What the incoming dialog's buttons do for a P2P call. */
    this.answer = { onAccept: () => this.accept(), onDecline: () => this.decline() };
    this.devices = new DevicePicker({
      session: () => this.call?.session, videoConstraints: VIDEO_CONSTRAINTS,
      onSwitched: (stream) => this.view.setLocalStream(stream, !this.call?.session.isSharingScreen),
    });
    /** @type {ActiveCall | null} */ this.call = null;
    /** @type {any} the incoming session waiting for an answer */ this.ringing = null;
    this.callerName = '';
    /** @type {string | null} the session id of a call the user chose to answer on its notification */ this.answerOnRing = null;
    this.answerTimer = 0;
    byId('hangup-button').addEventListener('click', () => { this.hangUp(); });
    byId('toggle-mic').addEventListener('click', () => this.toggleMute('audio'));
    byId('toggle-camera').addEventListener('click', () => this.toggleMute('video'));
    byId('toggle-screen').addEventListener('click', () => this.toggleScreen());
    this.listen();
  }

  get busy() {
    return this.call !== null || this.ringing !== null;
  }

  /** @param {number[]} userIds @param {'audio' | 'video'} kind */
  async start(userIds, kind) {
    if (this.busy) return;
    const session = vc.createNewSession(userIds, kind === 'video' ? CallType.VIDEO : CallType.AUDIO);
    this.begin(session, kind, 'outgoing', 'ringing');
    if (!(await this.openMedia(session))) return;
    await session.call({ callerName: this.deps.me().name }).catch(() => {
      notify('The call could not be started.', 'error');
      session.close();
    });
  }

  /**
   * Accepts the call with that session id as soon as it rings (now, or within ANSWER_WAIT_MS): the user chose Answer on
   * its notification, and the caller's re-dial reaches this freshly connected page. @param {string} sessionId
   */
  answerWhenRung(sessionId) {
    clearTimeout(this.answerTimer);
    if (this.ringing?.ID === sessionId) {
      this.answerOnRing = null;
      this.accept();
      return;
    }
    this.answerOnRing = sessionId;
    this.answerTimer = setTimeout(() => { this.answerOnRing = null; }, ANSWER_WAIT_MS);
  }

  async accept() {
    const session = this.ringing;
    if (!session) return;
    this.ringing = null;
    this.incoming.close(this.answer);
    this.begin(session, session.callType === CallType.VIDEO ? 'video' : 'audio', 'active', 'connecting');
    if (!(await this.openMedia(session))) return;
    await session.accept({}).catch(() => {
      notify('The call ended before it could be answered.', 'warn');
      session.close();
    });
  }

  async decline() {
    const session = this.ringing;
    if (!session) return;
    this.ringing = null;
    this.incoming.close(this.answer);
    await session.reject({}).catch(() => session.close());
  }

  /** Ends the current call; resolves once the peers have been told. */
  async hangUp() {
    const session = this.call?.session;
    if (!session) return;
    if (session.state === SessionState.ACTIVE) await session.stop({}).catch(() => session.close());
    else session.close(); // not called yet (devices still opening): nobody to tell
  }

  /** @param {'audio' | 'video'} kind */
  toggleMute(kind) {
    const session = this.call?.session;
    if (!session) return;
    if (session.isMuted(kind)) session.unmute(kind);
    else session.mute(kind);
    if (kind === 'audio') this.view.setMicMuted(session.isMuted('audio'));
    else this.view.setCameraOff(session.isMuted('video'));
  }

  async toggleScreen() {
    const session = this.call?.session;
    if (!session) return;
    try {
      if (session.isSharingScreen) {
        await session.stopScreenSharing();
      } else {
        await session.startScreenSharing();
        // The SDK tells no one when the browser's own "Stop sharing" ends it: watch the track.
        session.localStream.getVideoTracks()[0]?.addEventListener('ended', () => setTimeout(() => this.showSharing(session)));
      }
    } catch (error) {
      notify(`Screen sharing: ${error.message}`, 'error');
    }
    this.showSharing(session);
  }

  /** @param {any} session */
  showSharing(session) {
    if (this.call?.session !== session) return;
    this.view.setSharing(session.isSharingScreen);
    this.view.setLocalStream(session.localStream, !session.isSharingScreen);
  }

  /** @param {any} session @param {'audio' | 'video'} kind @param {'outgoing' | 'active'} phase @param {'ringing' | 'connecting'} state */
  begin(session, kind, phase, state) {
    this.call = { session, kind, meters: startMeters(session, this.view), reconnecting: new Set(), endExplained: false };
    const people = session.participants.map((id) => ({ id, name: displayName(id) }));
    this.view.open({ kind, me: this.deps.me(), people, phase, state });
    this.deps.onCallScreen();
  }

  /** Opens camera/microphone; false (and the call closed) when the browser refuses. @param {any} session */
  async openMedia(session) {
    try {
      const stream = await session.getUserMedia({ audio: true, video: session.callType === CallType.VIDEO ? VIDEO_CONSTRAINTS : false });
      if (session.state === SessionState.CLOSED) {
        // Hung up while the browser was opening the devices: the SDK keeps the late stream; stop it.
        for (const track of stream.getTracks()) track.stop();
        return false;
      }
      this.view.setLocalStream(stream);
      return true;
    } catch (error) {
      if (this.call?.session === session) this.call.endExplained = true;
      notify(`Your camera or microphone could not be opened (${error.message}).`, 'error');
      if (session.state === SessionState.NEW && session.initiatorID !== session.currentUserID) session.reject({}).catch(() => {});
      else session.close();
      return false;
    }
  }

  /** @param {any} session */
  isCurrent(session) {
    return this.call !== null && this.call.session === session;
  }

  /** @param {string} text @param {'info' | 'warn' | 'error'} [tone] */
  explainEnd(text, tone = 'info') {
    if (this.call) this.call.endExplained = true;
    notify(text, tone);
  }

  /** The SDK's call listeners. */
  listen() {
    vc.onCallListener = (session, extension) => this.onIncoming(session, extension);
    vc.onAcceptCallListener = (session, userId) => {
      if (!this.isCurrent(session)) return;
      this.view.setPhase('active');
      // The connection may already be up: the SDK reports the accept after the answer is applied, and a
      // nearby peer connects meanwhile. An accept never takes a connected tile back to "connecting".
      if (this.view.peerState(userId) !== 'connected') this.view.setPeerState(userId, 'connecting');
    };
    vc.onRejectCallListener = (session, userId, extension) => {
      if (!this.isCurrent(session)) return;
      const busy = String(extension?.busy) === 'true';
      this.explainEnd(busy ? `${displayName(userId)} is busy on another call.` : `${displayName(userId)} declined the call.`, 'warn');
      this.view.removeTile(userId);
    };
    vc.onUserNotAnswerListener = (session, userId) => {
      if (!this.isCurrent(session)) return;
      this.explainEnd(`${displayName(userId)} didn’t answer.`, 'warn');
      this.view.removeTile(userId);
    };
    vc.onStopCallListener = (session, userId) => {
      if (session === this.ringing) return; // the caller gave up: the session closes, see onSessionClose
      if (!this.isCurrent(session)) return;
      this.explainEnd(`${displayName(userId)} left the call.`);
      this.view.removeTile(userId);
    };
    vc.onRemoteStreamListener = (session, userId, stream) => {
      if (this.isCurrent(session)) this.view.setRemoteStream(userId, stream);
    };
    vc.onRemoteStreamRemovedListener = (session, userId) => {
      if (this.isCurrent(session)) this.view.setRemoteStream(userId, null);
    };
    vc.onRemoteMediaStateListener = (session, userId, state) => {
      if (this.isCurrent(session)) this.view.setRemoteMedia(userId, state);
    };
    vc.onSessionConnectionStateChangedListener = (session, userId, state) => this.onConnectionState(session, userId, state);
    vc.onReconnectListener = (session, userId, state) => this.onReconnect(session, userId, state);
    vc.onSessionCloseListener = (session) => this.onSessionClose(session);
  }

  /** @param {any} session @param {Record<string, any>} extension */
  onIncoming(session, extension) {
    if (this.busy || this.deps.otherwiseBusy()) {
      session.reject({ busy: 'true' }).catch(() => {});
      return;
    }
    this.ringing = session;
    const callerId = session.initiatorID;
    const given = typeof extension?.callerName === 'string' ? extension.callerName.trim().slice(0, 80) : '';
    this.callerName = given || displayName(callerId);
    const kind = session.callType === CallType.VIDEO ? 'video' : 'audio';
    const others = session.opponentsIDs.length - 1;
    const what = kind === 'video' ? 'Incoming video call' : 'Incoming audio call';
    this.incoming.show({ id: callerId, name: this.callerName }, kind,
      others > 0 ? `${what} · with ${others} other${others > 1 ? 's' : ''}` : what, this.deps.callsBlocked(), this.answer);
    this.deps.onRinging(session.ID);
    if (this.answerOnRing === session.ID && !this.deps.callsBlocked()) {
      this.answerOnRing = null;
      clearTimeout(this.answerTimer);
      this.accept();
      return;
    }
    if (!given) {
      lookupName(callerId).then((found) => {
        if (this.ringing !== session) return;
        this.callerName = found;
        this.incoming.setCaller({ id: callerId, name: found });
      });
    }
  }

  /** @param {any} session @param {number} userId @param {number} state */
  onConnectionState(session, userId, state) {
    if (!this.isCurrent(session)) return;
    if (state === Conn.CONNECTED || state === Conn.COMPLETED) {
      this.view.setPhase('active');
      this.view.setPeerState(userId, 'connected');
      this.view.timer.start();
    } else if (state === Conn.CONNECTING) {
      this.view.setPeerState(userId, 'connecting');
    } else if (state === Conn.DISCONNECTED) {
      this.view.setPeerState(userId, 'reconnecting');
    } else if (state === Conn.FAILED) {
      this.view.setPeerState(userId, 'failed');
    }
  }

  /** @param {any} session @param {number} userId @param {string} state */
  onReconnect(session, userId, state) {
    if (!this.isCurrent(session) || !this.call) return;
    const { reconnecting } = this.call;
    if (state === ReconnectionState.RECONNECTING) reconnecting.add(userId);
    else reconnecting.delete(userId);
    if (state === ReconnectionState.FAILED) this.explainEnd(`The connection to ${displayName(userId)} was lost.`, 'error');
    const names = [...reconnecting].map(displayName);
    this.view.setBanner(names.length ? `Reconnecting to ${names.join(', ')}…` : null);
  }

  /** @param {any} session */
  onSessionClose(session) {
    if (session === this.ringing) {
      this.ringing = null;
      this.incoming.close(this.answer);
      notify(`Missed call from ${this.callerName}.`);
      return;
    }
    if (!this.isCurrent(session) || !this.call) return;
    const { meters, endExplained } = this.call;
    const duration = this.view.timer.running ? ` · ${this.view.timer.elapsed()}` : '';
    meters.dispose();
    this.call = null;
    this.view.reset();
    if (!endExplained || duration) notify(`Call ended${duration}`);
    this.deps.onIdle();
  }
}
