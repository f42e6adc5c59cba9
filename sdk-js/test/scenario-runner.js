// Replays one of the language-neutral call scenarios of sdk-scenarios/ (the format is in its README.md)
// against the browser SDK: a VideoChat on fake timers behind a real ChatConnection whose XMPP client is fake,
// a fake RTCPeerConnection that gathers one candidate per local description, and the app's listeners mapped
// to the scenarios' neutral events. The Java SDK's ScenarioRunner replays the same files the same way.
import assert from 'node:assert/strict';
import { SessionConnectionState, SessionState } from '../src/videochat/constants.js';
import { settle } from './fake-timers.js';
import { installFakeWebRtc } from './fake-webrtc.js';
import { videoChatFor } from './helpers.js';

const DEFAULTS = { answerTime: 60, dialingInterval: 5, disconnectTime: 30, autoRejectBusy: false };
const ICE = { checking: 'checking', connected: 'connected', disconnected: 'disconnected', failed: 'failed' };

/** @param {{me: number, config?: Record<string, any>, steps: Record<string, any>[]}} scenario */
export async function runScenario(scenario) {
  installFakeWebRtc({ gather: true });
  const config = { ...DEFAULTS, ...scenario.config };
  const user = videoChatFor(scenario.me, {
    answerTimeInterval: config.answerTime,
    dialingTimeInterval: config.dialingInterval,
    disconnectTimeInterval: config.disconnectTime,
    autoRejectBusy: config.autoRejectBusy,
  }, {}, []);
  const run = new Run(user);
  for (const [index, step] of scenario.steps.entries()) {
    try {
      // Actions, signals and ICE changes start without a pause between them (no await), so that steps in a
      // row race as they would in an app; only create, advance and expect wait.
      const waiting = run.step(step);
      if (waiting) await waiting;
    } catch (error) {
      error.message = `step ${index + 1} ${JSON.stringify(step)}: ${error.message}`;
      throw error;
    }
  }
  await run.settle();
  assert.deepEqual(run.sent.slice(run.sentSeen), [], 'every signal sent was expected');
  assert.deepEqual(run.events.slice(run.eventsSeen), [], 'every event was expected');
}

class Run {
  /** @param {ReturnType<typeof videoChatFor>} user */
  constructor(user) {
    this.user = user;
    this.sent = user.sent;
    this.sentSeen = 0;
    /** @type {Record<string, any>[]} */
    this.events = [];
    this.eventsSeen = 0;
    /** @type {Map<string, unknown>} */
    this.vars = new Map();
    /** @type {any} */
    this.session = null;
    /** @type {{step: Record<string, any>, outcome: Promise<string>}[]} */
    this.results = [];
    this.listen(user.vc);
  }

  /** The app's listeners, as the scenarios' neutral events. @param {any} vc */
  listen(vc) {
    const event = (name, fields = {}) => this.events.push({ event: name, ...fields });
    vc.onCallListener = (session, userInfo) => {
      this.current(session);
      event('ring', { caller: session.initiatorID, userInfo });
      // Like an app that shows a preview: the camera and microphone open while it rings.
      session.getUserMedia({ audio: true, video: session.callType === 1 }).catch(() => {});
    };
    vc.onAcceptCallListener = (s, user, userInfo) => event('accepted', { user, userInfo });
    vc.onRejectCallListener = (s, user, userInfo) => event('rejected', { user, userInfo });
    vc.onStopCallListener = (s, user, userInfo) => event('hungUp', { user, userInfo });
    vc.onUpdateCallListener = (s, user, userInfo) => event('updated', { user, userInfo });
    vc.onUserNotAnswerListener = (s, user) => event('notAnswered', { user });
    vc.onSessionConnectionStateChangedListener = (s, user, state) => {
      const name = {
        [SessionConnectionState.CONNECTED]: 'connected',
        [SessionConnectionState.DISCONNECTED]: 'disconnected',
        [SessionConnectionState.FAILED]: 'failed',
        [SessionConnectionState.CLOSED]: 'peerClosed',
      }[state];
      if (name) event(name, { user });
    };
    vc.onReconnectListener = (s, user, state) => { if (state === vc.ReconnectionState.FAILED) event('disconnectTimeout', { user }); };
    vc.onSessionCloseListener = () => event('closed');
  }

  current(session) {
    this.session = session;
    this.vars.set('$session', session.ID);
  }

  /** @param {Record<string, any>} step @returns {Promise<void> | undefined} */
  step(step) {
    if (step.do) return this.act(step);
    if (step.receive) {
      const fields = this.substitute(step.receive);
      // Inputs are handled in the order they come, as the SDK thread of the Java SDK takes them.
      queueMicrotask(() => this.user.receive(step.from, fields));
      return undefined;
    }
    if (step.ice) {
      const state = ICE[step.ice];
      assert.ok(state, `unknown ICE state ${step.ice}`);
      const peer = this.session?.peers.get(step.user);
      assert.ok(peer, `no connection with user ${step.user}`);
      queueMicrotask(() => peer.pc.setIceState(state));
      return undefined;
    }
    if (step.advance !== undefined) return this.settle().then(() => this.user.timers.advance(step.advance));
    if (step.expect) return this.expect(step.expect);
    throw new Error('a step is one of do, receive, ice, advance, expect');
  }

  /**
   * An app action, started now; its outcome is checked at the next settle. Creating a session waits for its
   * camera and microphone to open (an outgoing call needs them before call()).
   * @param {Record<string, any>} step @returns {Promise<void> | undefined}
   */
  act(step) {
    const userInfo = step.userInfo ?? {};
    if (step.do === 'create') {
      const session = this.user.vc.createNewSession(step.opponents, step.callType ?? 1);
      this.current(session);
      return session.getUserMedia({ audio: true, video: session.callType === 1 }).then(() => undefined);
    }
    const session = this.session;
    assert.ok(session, 'no session to act on');
    const outcome = {
      call: () => session.call({ userInfo }),
      accept: () => session.accept({ userInfo }),
      reject: () => session.reject({ userInfo }),
      stop: () => session.stop({ userInfo }),
      update: () => session.update({ userInfo }),
    }[step.do]?.();
    assert.ok(outcome, `unknown action ${step.do}`);
    this.results.push({ step, outcome: outcome.then(() => 'ok', (error) => `error: ${error.message}`) });
    return undefined;
  }

  /** Runs everything due now: pending promises, and the timers due at this moment. */
  async settle() {
    await settle();
    await this.user.timers.advance(0);
    for (const { step, outcome } of this.results.splice(0)) {
      const result = await Promise.race([outcome, Promise.resolve('pending')]);
      assert.equal(result.replace(/:.*/, ''), step.result ?? 'ok', `${step.do} ended ${result}`);
    }
  }

  /** @param {Record<string, any>} expected */
  async expect(expected) {
    await this.settle();
    if (expected.sent) {
      const sent = this.sent.slice(this.sentSeen).map(({ to, ...fields }) => ({ to, ...fields }));
      this.sentSeen = this.sent.length;
      this.matchSent(expected.sent, sent);
    }
    if (expected.events) {
      const events = this.events.slice(this.eventsSeen);
      this.eventsSeen = this.events.length;
      this.matchList('events', expected.events, events);
    }
    if (expected.state) {
      const state = !this.session ? 'none'
        : { [SessionState.NEW]: 'new', [SessionState.ACTIVE]: 'active' }[this.session.state] ?? 'closed';
      assert.equal(state, expected.state, 'session state');
    }
  }

  /**
   * Signals to one user must come in the order expected; signals to different users may interleave (the
   * protocol does not order them, and the two SDKs' engines finish offers and answers in different orders).
   */
  matchSent(expected, actual) {
    assert.equal(actual.length, expected.length, `sent: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    for (const to of new Set(expected.map((s) => s.to))) {
      this.matchList(`sent to ${to}`, expected.filter((s) => s.to === to), actual.filter((s) => s.to === to));
    }
  }

  matchList(what, expected, actual) {
    assert.equal(actual.length, expected.length,
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    expected.forEach((item, i) => this.match(item, actual[i], `${what}[${i}]`, true, actual));
  }

  /**
   * Matches a value of a scenario: "*" is anything present, "$name" a variable (bound on first use),
   * objects match key by key (the top level of a signal or event may have more keys), the rest exactly.
   */
  match(expected, actual, path, topLevel, context) {
    const fail = () => assert.fail(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)} in ${JSON.stringify(context)}`);
    if (expected === '*') {
      if (actual === undefined) fail();
    } else if (typeof expected === 'string' && expected.startsWith('$')) {
      if (!this.vars.has(expected)) this.vars.set(expected, actual);
      else if (JSON.stringify(this.vars.get(expected)) !== JSON.stringify(actual)) fail();
      if (actual === undefined) fail();
    } else if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) fail();
      expected.forEach((item, i) => this.match(item, actual[i], `${path}[${i}]`, false, context));
    } else if (expected && typeof expected === 'object') {
      if (!actual || typeof actual !== 'object') fail();
      if (!topLevel && Object.keys(actual).length !== Object.keys(expected).length) fail();
      for (const [key, value] of Object.entries(expected)) this.match(value, actual[key], `${path}.${key}`, false, context);
    } else if (expected !== actual) {
      fail();
    }
  }

  /** A signal's fields with its variables replaced by their values. @param {any} value */
  substitute(value) {
    if (typeof value === 'string' && value.startsWith('$')) {
      assert.ok(this.vars.has(value), `${value} is not bound yet`);
      return this.vars.get(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.substitute(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.substitute(v)]));
    return value;
  }
}
