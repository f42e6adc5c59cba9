// The meetings calls (docs/protocol.md §2.3) against a recorded fetch: methods, paths, queries and bodies, the one
// meeting `GET /meetings?_id=` returns made a list, and ids checked before anything is sent.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Meetings } from '../src/meetings.js';
import { RestClient } from '../src/rest.js';

const ID = '0123456789abcdef01234567';
let calls;
let answers;
beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ method: init.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      body: init.body ? JSON.parse(init.body) : undefined, token: init.headers['CB-Token'] });
    const { status = 200, json = {} } = answers.shift() ?? {};
    return new Response(JSON.stringify(json), { status });
  };
});

function meetings() {
  const rest = new RestClient('http://127.0.0.1:1');
  rest.token = 'tok';
  return new Meetings(rest);
}

test('create, get by id, list, paged list, update, update by id and delete go to the meetings routes', async () => {
  const m = meetings();
  answers.push({ json: { _id: ID, name: 'Stand-up' } }, { json: { _id: ID } }, { json: [{ _id: ID }] },
    { json: { limit: 10, skip: 20, total_entries: 21, items: [{ _id: ID }] } }, { json: { _id: ID, name: 'B' } },
    { json: { _id: ID, record: true } }, { json: {} });
  assert.equal((await m.createMeeting({ name: 'Stand-up', attendees: [{ id: 2 }] }))._id, ID);
  assert.deepEqual(await m.getMeetings({ _id: ID }), [{ _id: ID }]);
  assert.deepEqual(await m.getMeetings(), [{ _id: ID }]);
  assert.equal((await m.getMeetingsPaged({ limit: 10, skip: 20, params: { scheduled: true } })).total_entries, 21);
  await m.updateMeeting({ _id: ID, name: 'B', host_id: 1, created_at: 'x', updated_at: 'y' });
  await m.updateMeetingById(ID, { record: true });
  await m.deleteMeeting(ID);
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.query, c.body]), [
    ['POST', '/meetings', {}, { name: 'Stand-up', attendees: [{ id: 2 }] }],
    ['GET', '/meetings', { _id: ID }, undefined],
    ['GET', '/meetings', {}, undefined],
    ['GET', '/meetings/paged', { scheduled: 'true', limit: '10', skip: '20' }, undefined],
    ['PUT', `/meetings/${ID}`, {}, { name: 'B' }],
    ['PUT', `/meetings/${ID}`, {}, { record: true }],
    ['DELETE', `/meetings/${ID}`, {}, undefined],
  ]);
  assert.ok(calls.every((c) => c.token === 'tok'));
});

test('a bad meeting id is refused before any request; a server refusal carries its status', async () => {
  const m = meetings();
  await assert.rejects(m.updateMeetingById('../users', {}), /24 lowercase hex/);
  await assert.rejects(m.deleteMeeting('nope'), /24 lowercase hex/);
  await assert.rejects(m.updateMeeting({ name: 'no id' }), /24 lowercase hex/);
  await assert.rejects(m.createMeeting(null), /meeting's fields/);
  assert.equal(calls.length, 0);
  answers.push({ status: 403, json: { errors: { base: ['Forbidden. Only the host may change a meeting'] } } });
  await assert.rejects(m.updateMeetingById(ID, { name: 'x' }), (e) => e.status === 403 && /only the host/i.test(e.message));
});
