// Just enough of RTCPeerConnection, MediaStream and navigator.mediaDevices for the SDK's state
// machines to run in Node: descriptions and candidates are recorded, ICE states are set by the test.

export class FakeTrack {
  constructor(kind, label = `${kind}-0`) { this.kind = kind; this.label = label; this.enabled = true; this.stopped = false; }
  stop() { this.stopped = true; }
  addEventListener() {}
}

export class FakeStream {
  constructor(tracks = []) { this.tracks = [...tracks]; }
  getTracks() { return [...this.tracks]; }
  getVideoTracks() { return this.tracks.filter((t) => t.kind === 'video'); }
  getAudioTracks() { return this.tracks.filter((t) => t.kind === 'audio'); }
  addTrack(track) { this.tracks.push(track); }
  removeTrack(track) { this.tracks = this.tracks.filter((t) => t !== track); }
}

/** The candidate a peer connection gathers for each local description, when installed with `gather`. */
export const FAKE_CANDIDATE = Object.freeze({ candidate: 'candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });

export class FakePeerConnection {
  static all = [];
  static gather = false;

  constructor(config = {}) {
    this.config = config;
    this.localDescription = null;
    this.remoteDescription = null;
    this.signalingState = 'stable';
    this.iceConnectionState = 'new';
    this.candidates = [];
    this.senders = [];
    this.transceivers = [];
    this.dataChannels = [];
    this.offers = 0;
    this.closed = false;
    FakePeerConnection.all.push(this);
  }

  /** A sendonly transceiver per local track; a remote offer adds a receiving one per new `a=mid` (conference tests). */
  addTransceiver(track, init = {}) {
    this.addTrack(track);
    this.transceivers.push({ mid: String(this.transceivers.length), direction: init.direction, sender: this.senders.at(-1),
      sendEncodings: init.sendEncodings, receiver: { track: null, getStats: async () => new Map() } });
  }
  getTransceivers() { return this.transceivers; }
  /** A data channel that opens when the test says so (`open()`), recording what is sent on it. */
  createDataChannel(label, init = {}) {
    const channel = { label, protocol: init.protocol ?? '', readyState: 'connecting', sent: [], binaryType: 'blob',
      send(data) {
        if (this.readyState !== 'open') throw new Error('InvalidStateError: not open');
        this.sent.push(data);
      },
      open() { this.readyState = 'open'; this.onopen?.(); } };
    this.dataChannels.push(channel);
    return channel;
  }
  /** Test side: Parley opens a channel to this connection. */
  remoteDataChannel(label, protocol) {
    const channel = { label, protocol, readyState: 'open', binaryType: 'blob' };
    this.ondatachannel?.({ channel });
    return channel;
  }
  getConfiguration() { return { ...this.config }; }
  setConfiguration(config) {
    if (this.closed) throw new Error('InvalidStateError: closed');
    this.config = config;
  }
  addTrack(track) { this.senders.push({ track, replaceTrack: async (t) => { this.senders[0].track = t; }, getParameters: () => ({ encodings: [{}] }), setParameters: async () => {} }); }
  getSenders() { return this.senders; }
  async createOffer(options = {}) { this.offers += 1; return { type: 'offer', sdp: `v=0\r\no=offer ${this.offers}${options.iceRestart ? ' restart' : ''}\r\n` }; }
  async createAnswer() { return { type: 'answer', sdp: 'v=0\r\no=answer\r\n' }; }
  async setLocalDescription(description) {
    if (description.type === 'rollback') { this.localDescription = null; this.signalingState = 'stable'; return; }
    this.localDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
    if (FakePeerConnection.gather) queueMicrotask(() => { if (!this.closed) this.onicecandidate?.({ candidate: FAKE_CANDIDATE }); });
  }
  async setRemoteDescription(description) {
    if (this.closed) throw new Error('closed');
    this.remoteDescription = description;
    if (description.type === 'offer') {
      for (const [, kind, mid] of description.sdp.matchAll(/m=(audio|video)[^]*?a=mid:(\S+)/g)) {
        if (!this.transceivers.some((t) => t.mid === mid)) {
          this.transceivers.push({ mid, receiver: { track: new FakeTrack(kind, `${kind}-${mid}`), getStats: async () => new Map() } });
        }
      }
    }
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate(candidate) { this.candidates.push(candidate); }
  async getStats() { return new Map(); }
  close() { this.closed = true; }

  /** Test side: the ICE agent changes state. */
  setIceState(state) {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }
}

/**
 * Installs the fakes as globals; returns the list of peer connections made. With `gather`, each local
 * description set makes the connection gather one host candidate (FAKE_CANDIDATE), as the Java SDK's fake
 * engine does for the shared scenarios.
 */
export function installFakeWebRtc({ gather = false } = {}) {
  FakePeerConnection.all = [];
  FakePeerConnection.gather = gather;
  globalThis.RTCPeerConnection = FakePeerConnection;
  globalThis.MediaStream = FakeStream;
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      mediaDevices: {
        getUserMedia: async (c) => new FakeStream([...(c.audio ? [new FakeTrack('audio')] : []), ...(c.video ? [new FakeTrack('video')] : [])]),
        enumerateDevices: async () => [],
      },
    },
  });
  return FakePeerConnection.all;
}
