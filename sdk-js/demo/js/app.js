// Parley demo app: start-up and the switch between the signed-out, main (contacts and meetings), call
// and meeting screens.
import Parley from '/sdk/parley.js';
import { bindAuthForm, logOut, restore } from './auth.js';
import { CallPush, takeAnswerFromLink } from './call-push.js';
import { CallController } from './calls.js';
import { ConferenceController } from './conference.js';
import { ContactsView } from './contacts.js';
import { byId } from './dom.js';
import { renderIcons } from './icons.js';
import { IncomingDialog } from './incoming.js';
import { Invitations } from './invitations.js';
import { meetingInLink } from './meeting-links.js';
import { MeetingsView } from './meetings.js';
import { clearNotices, notify } from './notices.js';
import { nameOf, remember } from './people.js';
import { callsBlocked, placeCallsBlocked, showCallsBlocked } from './secure-page.js';

/** @type {{id: number, name: string, login: string} | null} */
let me = null;
/** @type {import('./secure-page.js').CallsBlocked | null} why this page cannot call, if it cannot */
let blocked = null;

renderIcons();
const incoming = new IncomingDialog();
const contacts = new ContactsView({ onCall: (ids, kind) => startCall(ids, kind) });
const calls = new CallController({
  me: () => /** @type {any} */ (me), callsBlocked: () => blocked, incoming, otherwiseBusy: () => conference.busy || invitations.ringing,
  onCallScreen: () => show('call'), onIdle: () => show('contacts'), onRinging: (sessionId) => callPush.closeNotification(sessionId),
});
// A call's notification clicked while this window was open: Answer accepts that call when it rings here.
const callPush = new CallPush({ answer: (sessionId) => calls.answerWhenRung(sessionId) });
const conference = new ConferenceController({
  me: () => /** @type {any} */ (me), callsBlocked: () => blocked, otherwiseBusy: () => calls.busy || invitations.ringing,
  onArrived: (userId) => invitations.arrived(userId), onLeaving: () => invitations.stopRinging(),
  onScreen: () => show('conference'), onIdle: () => { show('contacts'); meetings.refresh(); },
});
const invitations = new Invitations({
  me: () => /** @type {any} */ (me), callsBlocked: () => blocked, incoming, busy: () => calls.busy || conference.busy,
  meeting: () => conference.meeting, present: (userId) => conference.has(userId), contacts: () => [...contacts.users.values()],
  join: (meetingId) => conference.joinById(meetingId), meetingChanged: (meeting) => conference.meetingChanged(meeting),
});
const meetings = new MeetingsView({
  me: () => /** @type {any} */ (me), contacts: () => [...contacts.users.values()], selected: () => [...contacts.selected],
  onJoin: (meeting, invite = []) => {
    contacts.clearSelection();
    conference.join(meeting, { quiet: invite.length > 0 }).then((joined) => { if (joined && invite.length > 0) invitations.ring(invite); });
  },
});
// A closing tab hangs up, then ends its chat session: cleanly ended (not left for stream resumption, XEP-0198 §5),
// it no longer counts as connected, so the server pushes this user's calls (call-push.js) at once.
addEventListener('pagehide', () => { calls.hangUp().finally(() => Parley.chat.disconnect()); });
// A meeting's link opened in a signed-in tab joins it.
addEventListener('hashchange', () => joinLinkedMeeting());
bindAuthForm((account) => enter(account));
byId('logout-button').addEventListener('click', () => leave());
watchChat();
boot();

async function boot() {
  try {
    const config = await (await fetch('/app-config.json', { cache: 'no-store' })).json();
    Parley.init({ appId: config.appId, authKey: config.authKey },
      { endpoints: { api: location.origin }, videochat: { statsReportTimeInterval: 1 } });
    blocked = callsBlocked(Number(config.httpsPort ?? -1));
    if (blocked) {
      showCallsBlocked(blocked);
      contacts.blockCalls(blocked.title);
    }
  } catch (error) {
    show('auth');
    notify(`This server has no demo application configured (${error.message}).`, 'error');
    return;
  }
  // Opened by Answer on a call's notification: that call is accepted once it rings, after sign-in.
  const answer = takeAnswerFromLink();
  if (answer) calls.answerWhenRung(answer);
  const account = await restore();
  if (account) enter(account);
  else show('auth');
}

/** @param {import('./auth.js').Account} account */
function enter(account) {
  const { user } = account;
  remember([user]);
  me = { id: user.id, name: nameOf(user), login: user.login };
  byId('me').textContent = me.name;
  byId('me').title = user.login ? `Signed in as @${user.login}` : '';
  setChatStatus(Parley.chat.isConnected ? 'online' : 'connecting');
  contacts.start(user.id);
  meetings.start();
  show('contacts');
  joinLinkedMeeting();
  callPush.start(account);
}

/** Joins the meeting the address names (#meeting=…), once signed in. */
function joinLinkedMeeting() {
  const meetingId = meetingInLink();
  if (me && meetingId) conference.joinById(meetingId);
}

async function leave() {
  // Tell the other side before the chat connection, which carries the signals, closes.
  await Promise.all([calls.decline(), calls.hangUp(), invitations.decline(), conference.leave()]);
  contacts.reset();
  meetings.reset();
  me = null;
  await callPush.stop();
  await logOut();
  clearNotices(); // what they said was about the account that just left
  show('auth');
}

/** @param {number[]} ids @param {'audio' | 'video'} kind */
function startCall(ids, kind) {
  if (conference.busy) {
    notify('Leave the meeting before starting a call.', 'warn');
    return;
  }
  calls.start(ids, kind).then(() => contacts.clearSelection(), (error) => {
    notify(`The call could not be started: ${error.message}`, 'error');
  });
}

/** @param {'auth' | 'contacts' | 'call' | 'conference'} screen */
function show(screen) {
  byId('app').dataset.screen = screen;
  byId('auth-screen').hidden = screen !== 'auth';
  byId('topbar').hidden = screen !== 'contacts';
  byId('contacts-screen').hidden = screen !== 'contacts';
  byId('call-screen').hidden = screen !== 'call';
  byId('conference-screen').hidden = screen !== 'conference';
  placeCallsBlocked(screen);
  if (screen === 'auth') byId('auth-form').querySelector('[name=login]').focus();
}

/** The header's indicator of the chat connection, which carries every call signal. */
function watchChat() {
  Parley.chat.onConnectedListener = () => setChatStatus('online');
  Parley.chat.onReconnectListener = () => setChatStatus('online');
  Parley.chat.onDisconnectedListener = () => { if (me) setChatStatus('reconnecting'); };
  Parley.chat.onReconnectFailedListener = () => { if (me) setChatStatus('offline'); };
}

/** @param {'connecting' | 'online' | 'reconnecting' | 'offline'} state */
function setChatStatus(state) {
  const labels = { connecting: 'Connecting…', online: 'Online', reconnecting: 'Reconnecting…', offline: 'Offline' };
  const status = byId('chat-status');
  status.dataset.state = state;
  status.querySelector('.label').textContent = labels[state];
  status.title = state === 'online' ? 'Connected: you can make and receive calls' : 'Calls need the connection back';
}
