import { xml } from '@xmpp/client';

/**
 * The `<extraParams xmlns="jabber:client">` payload of a call signal (docs/protocol.md §3.2) to and from
 * a plain object. Objects become nested elements, recursively; the two lists of the protocol are
 * written as repeated children (`opponentsIDs` → `<opponentID>`, `iceCandidates` → `<iceCandidate>`).
 * Reading is the reverse: an element with child elements is an object, otherwise its text. It is
 * bounded as the Java SDK's reader is: at most 8 levels and 512 elements, or it throws, so that a hostile
 * signal cannot make a huge structure. What the fields mean is videochat/signal/signal-codec.js's job.
 */

/** List keys and the name of their items. */
const LISTS = /** @type {const} */ ({ opponentsIDs: 'opponentID', iceCandidates: 'iceCandidate' });

const MAX_DEPTH = 8;
const MAX_FIELDS = 512;

/** A name the XML writer accepts as an element name (a conservative subset of XML's NCName). */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * @param {Record<string, unknown>} params
 * @returns {import('@xmpp/xml').Element}
 */
export function encodeExtraParams(params) {
  return xml('extraParams', { xmlns: 'jabber:client' }, ...encodeFields(params));
}

/**
 * @param {Record<string, unknown>} fields
 * @returns {import('@xmpp/xml').Element[]}
 */
function encodeFields(fields) {
  const children = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (!ELEMENT_NAME.test(key)) throw new TypeError(`"${key}" cannot be a signal field name`);
    if (key in LISTS) {
      const itemName = LISTS[/** @type {keyof typeof LISTS} */ (key)];
      const items = /** @type {unknown[]} */ (value).map((item) => encodeValue(itemName, item));
      children.push(xml(key, {}, ...items));
    } else {
      children.push(encodeValue(key, value));
    }
  }
  return children;
}

/** @param {string} name @param {unknown} value */
function encodeValue(name, value) {
  if (typeof value === 'object' && value !== null) {
    return xml(name, {}, ...encodeFields(/** @type {Record<string, unknown>} */ (value)));
  }
  return xml(name, {}, String(value));
}

/**
 * @param {import('@xmpp/xml').Element} element the `<extraParams>` element
 * @returns {Record<string, any>}
 */
export function decodeExtraParams(element) {
  const budget = { left: MAX_FIELDS };
  /** @type {Record<string, any>} */
  const fields = {};
  for (const child of element.getChildElements()) {
    if (child.name in LISTS) {
      spend(2, budget);
      fields[child.name] = child.getChildElements().map((item) => decodeValue(item, 3, budget));
    } else {
      fields[child.name] = decodeValue(child, 2, budget);
    }
  }
  return fields;
}

/**
 * @param {import('@xmpp/xml').Element} element @param {number} depth @param {{left: number}} budget
 * @returns {any}
 */
function decodeValue(element, depth, budget) {
  spend(depth, budget);
  const children = element.getChildElements();
  if (children.length === 0) return element.text();
  /** @type {Record<string, any>} */
  const object = {};
  for (const child of children) object[child.name] = decodeValue(child, depth + 1, budget);
  return object;
}

/** @param {number} depth @param {{left: number}} budget */
function spend(depth, budget) {
  if (depth > MAX_DEPTH) throw new TypeError(`extraParams nested deeper than ${MAX_DEPTH}`);
  budget.left -= 1;
  if (budget.left < 0) throw new TypeError(`extraParams has more than ${MAX_FIELDS} elements`);
}
