// Meetings ([protocol.md](protocol.md) §2.3) through the unmodified ConnectyCube JS SDK (connectycube@6.1.2, its Node build),
// configured only with Parley's REST endpoint: create, get by id, list with filters, update, delete and
// recordings, each as the SDK sends and reads it; host-only changes reach the SDK as its error objects; an
// unknown token gives the exact text its session-expired hook keys on. No browser and no media: it runs with
// the other e2e tests (scripts/test-browser.sh) because it needs the built server and the npm package.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ConnectyCube from 'connectycube';
import { createUser, runCleanups, startParley } from './lib/parley.mjs';

const START = Math.ceil(Date.now() / 1000) + 86_400;
let parley;
let host;
let guest;
let stranger;

/** An SDK instance of its own (the package's default instance is only one user), logged in as `user`. */
async function sdkAs(user) {
  const cb = new ConnectyCube.ConnectyCube();
  cb.init({ appId: parley.app.application_id, authKey: parley.app.auth_key },
    { endpoints: { api_url: parley.base }, debug: { mode: 0 } });
  const session = await cb.createSession({ login: user.login, password: user.password });
  assert.equal(session.user_id, user.id);
  return cb;
}

/** The SDK's error object for a failed call: {code, info}. */
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

before(async () => {
  parley = await startParley();
  const [h, g, s] = [await createUser(parley, 'mhost'), await createUser(parley, 'mguest'),
    await createUser(parley, 'mstranger')];
  host = { ...h, cb: await sdkAs(h) };
  guest = { ...g, cb: await sdkAs(g) };
  stranger = { ...s, cb: await sdkAs(s) };
});
after(runCleanups);

test('ConnectyCube meetings: create, get, list, update, recordings and delete against Parley', { timeout: 60_000 },
  async () => {
    const created = await host.cb.meeting.create({
      name: 'SDK sync', start_date: START, end_date: START + 1800, attendees: [{ id: guest.id }],
      public: false, scheduled: true, notify: true, notify_before: { metric: 'minutes', value: 10 },
      timezone: { offset: 60, name: 'Europe/Paris' },
    });
    assert.match(created._id, /^[0-9a-f]{24}$/);
    assert.deepEqual(Object.keys(created).sort(), ['_id', 'attendees', 'chat_dialog_id', 'created_at', 'end_date',
      'host_id', 'name', 'notify', 'notify_before', 'public', 'record', 'scheduled', 'start_date', 'timezone',
      'updated_at']);
    assert.equal(created.host_id, host.id);
    assert.equal(created.start_date, START);
    assert.equal(created.end_date, START + 1800);
    assert.equal(created.record, false);   // the SDK's default, sent with every create
    assert.deepEqual(created.attendees, [{ id: guest.id }]);
    assert.deepEqual(created.notify_before, { metric: 'minutes', value: 10 });
    assert.ok(!Number.isNaN(Date.parse(created.created_at)));

    // The SDK's own defaults (its made-up name, now, an hour), and ISO dates in place of Unix seconds.
    const before = Math.floor(Date.now() / 1000);
    const quick = await host.cb.meeting.create();
    assert.ok(quick.start_date >= before && quick.start_date <= before + 60, `start ${quick.start_date}`);
    assert.equal(quick.end_date, quick.start_date + 3600);
    assert.equal(typeof quick.name, 'string');
    const iso = await host.cb.meeting.create({ name: 'ISO', start_date: new Date((START + 600) * 1000).toISOString(),
      end_date: new Date((START + 660) * 1000).toISOString() });
    assert.deepEqual([iso.start_date, iso.end_date], [START + 600, START + 660]);

    assert.deepEqual(await guest.cb.meeting.get({ _id: created._id }), created);
    const notFound = await failure(stranger.cb.meeting.get({ _id: created._id }));
    assert.equal(notFound.code, 404);
    assert.deepEqual(notFound.info, { errors: { base: ['Meeting not found'] } });

    const hostList = await host.cb.meeting.get({ limit: 10, offset: 0 });
    assert.deepEqual(hostList.map((m) => m._id), [quick._id, created._id, iso._id]);   // by start date
    assert.deepEqual((await guest.cb.meeting.get()).map((m) => m._id), [created._id]);
    assert.deepEqual(await stranger.cb.meeting.get(), []);
    const scheduled = await host.cb.meeting.get({ start_at: { gte: START }, scheduled: true });
    assert.deepEqual(scheduled.map((m) => m._id), [created._id]);
    const inRange = await host.cb.meeting.get({ start_at: { gte: START }, end_at: { lt: START + 1800 } });
    assert.deepEqual(inRange.map((m) => m._id), [iso._id]);
    const listed = await host.cb.meeting.get({ created_at: { lte: new Date().toISOString() },
      end_at: { in: [START + 660, START + 1800] } });
    assert.deepEqual(listed.map((m) => m._id), [created._id, iso._id]);
    const badFilter = await failure(host.cb.meeting.get({ start_at: { ctn: START } }));
    assert.equal(badFilter.code, 422);

    const updated = await host.cb.meeting.update(created._id, { name: 'SDK sync (moved)', record: true,
      attendees: [{ id: guest.id }, { email: 'someone@example.com' }] });
    assert.equal(updated.name, 'SDK sync (moved)');
    assert.equal(updated.record, true);
    assert.equal(updated.start_date, START);
    assert.deepEqual(updated.attendees, [{ id: guest.id }, { email: 'someone@example.com' }]);
    const notHost = await failure(guest.cb.meeting.update(created._id, { name: 'mine' }));
    assert.equal(notHost.code, 403);
    assert.deepEqual(notHost.info, { errors: { base: ["Only the meeting's host may change it"] } });
    const invalid = await failure(host.cb.meeting.update(created._id, { end_date: START - 1 }));
    assert.equal(invalid.code, 422);
    assert.deepEqual(invalid.info, { errors: { end_date: ['must be after start_date'] } });

    assert.deepEqual(await guest.cb.meeting.getRecordings(created._id), []);
    assert.equal((await failure(stranger.cb.meeting.getRecordings(created._id))).code, 404);

    assert.equal((await failure(guest.cb.meeting.delete(created._id))).code, 403);
    await host.cb.meeting.delete(created._id);
    assert.equal((await failure(host.cb.meeting.get({ _id: created._id }))).code, 404);
    assert.deepEqual((await host.cb.meeting.get()).map((m) => m._id), [quick._id, iso._id]);
  });

test('ConnectyCube meetings with an unknown token: 401 with the text the SDK keys session expiry on',
  { timeout: 30_000 }, async () => {
    const cb = new ConnectyCube.ConnectyCube();
    cb.init({ appId: parley.app.application_id, authKey: parley.app.auth_key },
      { endpoints: { api_url: parley.base }, debug: { mode: 0 } });
    cb.setSession({ token: 'never-issued-token' });
    const error = await failure(cb.meeting.get());
    assert.equal(error.code, 401);
    assert.deepEqual(error.info, { errors: { base: ['Required session does not exist'] } });
  });
