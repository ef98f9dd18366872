// Ops API authentication and roles (analyst < engineer < admin), Bull Board access, log hygiene, and 500s that
// leak nothing. In-process api against the local Redis / FerretDB / s3rver.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { QUEUES, type DeadLetterEntry } from '@reviewlens/contracts';
import { MONGO_CLIENT } from '@reviewlens/queueing';
import type { MongoClient } from 'mongodb';
import { SnapshotStore } from '../../apps/api/src/snapshot/snapshot.store';
import { TEST_KEYS, publishTestSnapshot, startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

const logLines: string[] = [];
const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } }));

describe('api ops auth', () => {
  let t: ApiTestApp;
  let http: ReturnType<typeof request>;
  const as = (role: keyof typeof TEST_KEYS) => ({ 'x-api-key': TEST_KEYS[role] });

  before(async () => {
    t = await startApiTestApp({ logger });
    await publishTestSnapshot(t.lake, 'run-auth-1', Array.from({ length: 50 }, (_, i) => syntheticReview(i, { products: 5 })));
    await t.app.get(SnapshotStore).refresh();
    http = request(t.app.getHttpServer());
  });
  after(async () => { await t?.close(); });

  test('ops routes need a key (401), a valid key (401) and a sufficient role (403); public routes stay open', async () => {
    const none = await http.get('/v1/runs').expect(401);
    assert.equal(none.body.error.code, 'unauthorized');
    const wrong = await http.get('/v1/runs').set('x-api-key', 'not-a-key-but-long-enough').expect(401);
    assert.equal(wrong.body.error.code, 'unauthorized');
    const prefix = await http.get('/v1/runs').set('x-api-key', TEST_KEYS.analyst.slice(0, -1)).expect(401);
    assert.equal(prefix.body.error.code, 'unauthorized');
    const low = await http.post('/v1/runs').set(as('analyst')).send({}).expect(403);
    assert.equal(low.body.error.code, 'forbidden');
    await http.get('/runs').expect(401); // the unversioned alias is guarded the same way
    await http.get('/v1/reviews/p1/top').expect(200);
    await http.get('/v1/themes/summary').expect(200);
  });

  test('runs: analyst reads, engineer triggers (one extract job per run id), bad ids are 400, unknown 404', async () => {
    const list = await http.get('/v1/runs').set(as('analyst')).expect(200);
    assert.deepEqual(list.body.runs, []);
    const trig = await http.post('/v1/runs').set(as('engineer')).send({ runId: 'run-auth-trigger' }).expect(202);
    assert.deepEqual(trig.body, { runId: 'run-auth-trigger', status: 'queued' });
    await http.post('/runs').set(as('admin')).send({ runId: 'run-auth-trigger' }).expect(202);
    const extract = t.queue(QUEUES.extract);
    const jobs = await extract.getJobs(['waiting']);
    assert.equal(jobs.length, 1, 'duplicate trigger adds no second job');
    assert.equal(jobs[0]!.data.runId, 'run-auth-trigger');
    await http.post('/v1/runs').set(as('engineer')).send({ runId: 'bad id!' }).expect(400);
    await http.post('/v1/runs').set(as('engineer')).send({ full: 'yes' }).expect(400);
    await http.get('/v1/runs/no-such-run').set(as('analyst')).expect(404);
    await http.get('/v1/runs/bad%20id').set(as('analyst')).expect(400);
    await http.get('/v1/runs?limit=0').set(as('analyst')).expect(400);
  });

  test('dead letters: engineer lists, only admin replays and discards', async () => {
    const dlq = t.queue(QUEUES.deadLetter);
    const entry = (batchId: string): DeadLetterEntry => ({
      stage: 'loader', queue: QUEUES.load, reason: 'retries_exhausted', error: 'boom', runId: 'run-x', batchId,
      payload: { kind: 'finalize', runId: 'run-x' }, failedAt: new Date().toISOString(), attemptsMade: 8,
    });
    await dlq.add('retries_exhausted', entry('b1'), { jobId: 'dl-1' });
    await dlq.add('retries_exhausted', entry('b2'), { jobId: 'dl-2' });
    await http.get('/v1/dead-letter').set(as('analyst')).expect(403);
    const list = await http.get('/v1/dead-letter').set(as('engineer')).expect(200);
    assert.equal(list.body.total, 2);
    assert.deepEqual(list.body.entries.map((e: { id: string }) => e.id).sort(), ['dl-1', 'dl-2']);
    await dlq.add('invalid_payload', { ...entry('b3'), runId: 'run-y', reason: 'invalid_payload' }, { jobId: 'dl-3' });
    const filtered = await http.get('/v1/dead-letter?runId=run-x&limit=1&offset=1').set(as('engineer')).expect(200);
    assert.equal(filtered.body.total, 2, 'total counts matching entries only');
    assert.equal(filtered.body.entries.length, 1);
    const byReason = await http.get('/v1/dead-letter?reason=invalid_payload').set(as('engineer')).expect(200);
    assert.deepEqual(byReason.body.entries.map((e: { id: string }) => e.id), ['dl-3']);
    await dlq.remove('dl-3');
    await http.post('/v1/dead-letter/dl-1/replay').set(as('engineer')).expect(403);
    await http.delete('/v1/dead-letter/dl-2').set(as('engineer')).expect(403);
    const replay = await http.post('/v1/dead-letter/dl-1/replay').set(as('admin')).expect(202);
    assert.equal(replay.body.queue, QUEUES.load);
    const load = t.queue(QUEUES.load);
    const replayed = await load.getJob(replay.body.jobId);
    assert.deepEqual(replayed?.data, { kind: 'finalize', runId: 'run-x' });
    await http.delete('/dead-letter/dl-2').set(as('admin')).expect(204);
    assert.equal(await dlq.getWaitingCount(), 0);
    await http.delete('/v1/dead-letter/dl-2').set(as('admin')).expect(404);
  });

  test('snapshots: analyst reads, only admin pins', async () => {
    const current = await http.get('/v1/snapshots/current').set(as('analyst')).expect(200);
    assert.equal(current.body.snapshotId, 'run-auth-1');
    const list = await http.get('/v1/snapshots').set(as('analyst')).expect(200);
    assert.deepEqual(list.body.available, [{ runId: 'run-auth-1', served: true }]);
    await http.put('/v1/snapshots/pin').set(as('engineer')).send({ runId: 'run-auth-1' }).expect(403);
    await http.post('/v1/snapshots/rollback').set(as('engineer')).send({}).expect(403);
    await http.delete('/v1/snapshots/pin').set(as('analyst')).expect(403);
    await http.put('/v1/snapshots/pin').set(as('admin')).send({ runId: '../x' }).expect(400);
    await http.put('/v1/snapshots/pin').set(as('admin')).send({ runId: 'no-such-run' }).expect(404);
    const rollback = await http.post('/v1/snapshots/rollback').set(as('admin')).send({}).expect(409);
    assert.equal(rollback.body.error.code, 'conflict');
  });

  test('Bull Board: engineer gets the full board, analyst only the read-only one', async () => {
    const anon = await http.get('/admin/queues/api/queues').expect(401);
    assert.equal(anon.body.error.code, 'unauthorized');
    await http.get('/admin/queues/api/queues').set(as('analyst')).expect(403);
    const full = await http.get('/admin/queues/api/queues').set(as('engineer')).expect(200);
    const names = full.body.queues.map((q: { name: string }) => q.name).sort();
    assert.deepEqual(names, ['archive', 'classify', 'clean', 'dead-letter', 'extract', 'load']);
    const ro = (name: string, body: { queues: Array<{ name: string; readOnlyMode: boolean }> }) => body.queues.find((q) => q.name === name)?.readOnlyMode;
    assert.equal(ro('extract', full.body), false);
    assert.equal(ro('dead-letter', full.body), true, 'dead letters are replayed through the admin API');
    const readonly = await http.get('/admin/queues-readonly/api/queues').set(as('analyst')).expect(200);
    assert.equal(readonly.body.queues.length, 6);
    assert.ok(readonly.body.queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode));
    await http.put('/admin/queues-readonly/api/queues/extract/pause').set(as('analyst')).expect(405);
    assert.equal(await t.queue(QUEUES.extract).isPaused(), false);
    await http.put('/admin/queues/api/queues/extract/pause').set(as('engineer')).expect(200);
    assert.equal(await t.queue(QUEUES.extract).isPaused(), true);
    await http.put('/admin/queues/api/queues/extract/resume').set(as('engineer')).expect(200);
    const html = await http.get('/admin/queues').set(as('engineer')).expect(200);
    assert.match(html.text, /<html/i);
  });

  test('Bull Board in a browser: ?api_key= once, then an HttpOnly cookie; the key leaves the URL', async () => {
    const first = await http.get(`/admin/queues?api_key=${TEST_KEYS.engineer}&x=1`).expect(302);
    assert.equal(first.headers.location, '/admin/queues?x=1');
    const cookie = String(first.headers['set-cookie']);
    assert.match(cookie, /^reviewlens_api_key=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict/);
    const page = await http.get('/admin/queues').set('cookie', cookie.split(';')[0]!).expect(200);
    assert.match(page.text, /<html/i);
    await http.get('/admin/queues/api/queues').set('cookie', 'reviewlens_api_key=wrong-key-wrong-key').expect(401);
    await http.get(`/admin/queues?api_key=${TEST_KEYS.analyst}`).expect(403);
  });

  test('logs: one JSON line per request with a request id, and never an API key', async () => {
    logLines.length = 0;
    await http.get('/v1/runs').set(as('admin')).set('x-request-id', 'log-check-1').expect(200);
    await http.get(`/admin/queues?api_key=${TEST_KEYS.engineer}`).expect(302);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.find((l) => l.reqId === 'log-check-1');
    assert.ok(access, 'access log line with the request id');
    assert.equal(access.route, '/v1/runs');
    assert.equal(access.status, 200);
    const all = logLines.join('\n');
    for (const key of Object.values(TEST_KEYS)) assert.ok(!all.includes(key), 'no key in the logs');
  });

  test('an unexpected error is a 500 that says nothing about internals, and is logged', async () => {
    logLines.length = 0;
    await t.app.get<MongoClient>(MONGO_CLIENT).close(true);
    const res = await http.get('/v1/quality').expect(500);
    assert.deepEqual(res.body, { error: { code: 'internal', message: 'internal server error' } });
    assert.ok(logLines.some((l) => l.includes('"request failed"')), 'the real error is logged');
  });
});
