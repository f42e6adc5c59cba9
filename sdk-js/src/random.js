/**
 * Random identifiers from `crypto.getRandomValues`, which every browser offers on any page.
 * `crypto.randomUUID` (like `crypto.subtle`) exists only in secure contexts (HTTPS or localhost), so
 * an app served over plain HTTP from another machine would fail on it; nothing in the SDK uses it.
 */

/** @param {number} count @returns {string} `count` random bytes as lower-case hex */
export function randomHex(count) {
  return hex(randomBytes(count));
}

/**
 * A random UUID (version 4, RFC 9562 §5.4), the form call session ids take on the wire.
 * @returns {string}
 */
export function randomUuid() {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** @param {number} count */
function randomBytes(count) {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** @param {Uint8Array} bytes */
function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
