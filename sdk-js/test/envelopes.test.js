// The signal codec against the envelopes of sdk-scenarios/envelopes.json, which the Java SDK's codec and the
// server's POST /calls/reject are held to as well: every signal type encodes to exactly those fields, in that
// order, survives the XML of extraParams, and decodes back; lenient reads and refusals as the file lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'ltx';
import { decodeExtraParams, encodeExtraParams } from '../src/chat/extra-params.js';
import { decodeSignal, encodeSignal } from '../src/videochat/signal/signal-codec.js';

const { envelopes, lenient, refused } = JSON.parse(readFileSync(new URL('../../sdk-scenarios/envelopes.json', import.meta.url), 'utf8'));

for (const { name, signal, fields } of envelopes) {
  test(`${name}: encodes to the shared envelope, through XML and back`, () => {
    const encoded = encodeSignal(signal);
    assert.equal(JSON.stringify(encoded), JSON.stringify(fields), 'the same fields in the same order');
    const wire = decodeExtraParams(parse(encodeExtraParams(encoded).toString()));
    assert.deepEqual(wire, fields);
    assert.deepEqual(decodeSignal(wire), signal);
  });
}

for (const { name, fields, signal } of lenient) {
  test(`reads leniently: ${name}`, () => {
    assert.deepEqual(decodeSignal(fields), signal);
  });
}

for (const { name, fields } of refused) {
  test(`refuses: ${name}`, () => {
    assert.throws(() => decodeSignal(fields), { name: 'SignalFormatError' });
  });
}
