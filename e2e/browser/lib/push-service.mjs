// A push service for the browser tests: an HTTP endpoint on 127.0.0.1 that Parley delivers Web Push messages to
// (RFC 8030 §5, with parley.push.allow-private-endpoints), holding a browser's subscription keys, so that it
// decrypts each message (RFC 8291, aes128gcm content coding of RFC 8188) as the browser would. The tests then
// hand the plaintext to Chromium's service worker through the DevTools protocol: Chromium's own push service
// (Google's) is out of reach in the test namespace.
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { cleanups } from './parley.mjs';

/** The most a message may be (RFC 8030 §7.2 lets services refuse more than 4096 bytes). */
const MAX_BODY = 4096;

/**
 * Starts the service; resolves with {subscription(name), messages, close()}. `subscription(name)` makes a
 * subscription (endpoint and keys, as `POST /subscriptions` takes them in `push_token`); each message that
 * arrives for it is decrypted and kept in `messages` as {name, headers, text}.
 */
export async function startPushService() {
  const subscriptions = new Map();
  const messages = [];
  const server = createServer((request, response) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      const name = decodeURIComponent(new URL(request.url, 'http://push').pathname.replace(/^\/push\//, ''));
      const keys = subscriptions.get(name);
      if (request.method !== 'POST' || !keys || size > MAX_BODY) {
        response.writeHead(size > MAX_BODY ? 413 : 404).end();
        return;
      }
      try {
        messages.push({ name, headers: request.headers, text: decrypt(Buffer.concat(chunks), keys).toString('utf8') });
        response.writeHead(201).end();
      } catch (error) {
        messages.push({ name, headers: request.headers, error: error.message });
        response.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  const close = () => new Promise((resolve) => server.close(resolve));
  cleanups.push(close);
  return {
    messages,
    close,
    /** @param {string} name */
    subscription(name) {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(name, { ecdh, publicKey, auth });
      const endpoint = `http://127.0.0.1:${port}/push/${encodeURIComponent(name)}`;
      return { endpoint, auth: auth.toString('base64url'), p256dh: publicKey.toString('base64url') };
    },
  };
}

/**
 * RFC 8291 §3.4 key derivation and RFC 8188 §2 decryption of a single-record message: the header is salt (16),
 * record size (4), key id length (1) and key id (the application server's ephemeral public key, 65 bytes).
 */
function decrypt(body, { ecdh, publicKey, auth }) {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const secret = ecdh.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, info, 32));
  const key = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding (RFC 8188 §2).
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}
