// A fake WebSocket and, behind it, just enough of a Janus server for the SDK's Janus client and conference session:
// sessions, handles, keepalives and video room messages answered by a handler the test gives. Every request the SDK
// sends is recorded in `requests`; `push(message)` sends an event as the server would.

export class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  /** @type {FakeJanus | null} the server that answers; null leaves the socket connecting */
  static server = null;

  constructor(url, protocol) {
    this.url = url;
    this.protocol = protocol;
    this.sent = [];
    this.closed = false;
    FakeSocket.all.push(this);
    const server = FakeSocket.server;
    if (server) queueMicrotask(() => { server.socket = this; this.onopen?.(); });
  }

  send(text) {
    const message = JSON.parse(text);
    this.sent.push(message);
    FakeSocket.server?.receive(message);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.onclose?.({ code: 1000 }));
  }

  /** Test side: the server sends a message. */
  deliver(message) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
}

/**
 * The server. `plugin(handleId, body, jsep)` answers video room messages: it returns `{data, jsep}` for the event
 * that carries the request's transaction, `{error_code, error}` data for a plugin error, or undefined to stay silent.
 * `silent` lists core requests (`keepalive`, `create`...) left unanswered.
 */
export class FakeJanus {
  constructor(plugin = () => ({ data: { videoroom: 'event' } })) {
    this.plugin = plugin;
    this.requests = [];
    this.silent = new Set();
    this.sessionId = 1000;
    this.nextHandle = 2000;
    /** @type {FakeSocket | null} */
    this.socket = null;
  }

  receive(request) {
    this.requests.push(request);
    if (this.silent.has(request.janus)) return;
    const reply = (message) => queueMicrotask(() => this.socket?.deliver({ transaction: request.transaction, ...message }));
    switch (request.janus) {
      case 'create': reply({ janus: 'success', data: { id: this.sessionId } }); break;
      case 'attach': reply({ janus: 'success', session_id: this.sessionId, data: { id: this.nextHandle++ } }); break;
      case 'keepalive': reply({ janus: 'ack', session_id: this.sessionId }); break;
      case 'destroy': case 'detach': reply({ janus: 'success', session_id: this.sessionId }); break;
      case 'message': {
        reply({ janus: 'ack', session_id: this.sessionId });
        const answer = this.plugin(request.handle_id, request.body, request.jsep);
        if (answer) {
          queueMicrotask(() => this.socket?.deliver({
            janus: 'event', session_id: this.sessionId, sender: request.handle_id, transaction: request.transaction,
            plugindata: { plugin: 'janus.plugin.videoroom', data: answer.data }, ...(answer.jsep ? { jsep: answer.jsep } : {}),
          }));
        }
        break;
      }
      default: reply({ janus: 'error', error: { code: 453, reason: `Unknown request '${request.janus}'` } });
    }
  }

  /** An event of a handle that answers no request. */
  push(sender, data, jsep) {
    this.socket?.deliver({ janus: 'event', session_id: this.sessionId, sender, plugindata: { plugin: 'janus.plugin.videoroom', data }, ...(jsep ? { jsep } : {}) });
  }

  /** The video room messages sent, as [handle, body]. */
  messages() {
    return this.requests.filter((r) => r.janus === 'message').map((r) => [r.handle_id, r.body]);
  }
}

/** Installs FakeSocket with a server; returns the server. */
export function installFakeJanus(plugin) {
  const server = new FakeJanus(plugin);
  FakeSocket.all = [];
  FakeSocket.server = server;
  return server;
}

/** An offer of a subscription to the given streams, `[{mid, kind}]`. */
export function subscriberOffer(streams) {
  return { type: 'offer', sdp: `v=0\r\n${streams.map((s) => `m=${s.kind} 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:${s.mid}\r\n`).join('')}` };
}
