// Snapshot serving of the gateway api: first load, hot swap under concurrent requests, a corrupt new snapshot
// (previous one keeps serving), pin / unpin / rollback. In-process api against the local Redis / FerretDB / s3rver.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { SnapshotStore } from '../../apps/api/src/snapshot/snapshot.store';
import { SnapshotPinRepository } from '../../apps/api/src/snapshot/snapshot-pin.repository';
import { TEST_KEYS, publishCorruptSnapshot, publishTestSnapshot, startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';
import { sampleValue } from '../../apps/api/test/prometheus-text';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

const PRODUCTS = 20;
/** Every review id of snapshot `tag` starts with `tag-`, so a response shows which snapshot produced it. */
const rowsOf = (tag: string, n: number) => Array.from({ length: n }, (_, i) => syntheticReview(i, { products: PRODUCTS, idPrefix: `${tag}-`, runId: `run-${tag}` }));

describe('api snapshot serving', () => {
  let t: ApiTestApp;
  let store: SnapshotStore;
  let http: ReturnType<typeof request>;
  const admin = { 'x-api-key': TEST_KEYS.admin };

  before(async () => {
    t = await startApiTestApp();
    store = t.app.get(SnapshotStore);
    http = request(t.app.getHttpServer());
  });
  after(async () => { await t?.close(); });

  test('before the first snapshot: reads are 503 and /ready is not ready', async () => {
    const res = await http.get('/v1/reviews/p1/top').expect(503);
    assert.equal(res.body.error.code, 'unavailable');
    await http.get('/v1/themes/summary').expect(503);
    const ready = await http.get('/ready').expect(503);
    assert.equal(ready.body.status, 'not_ready');
    assert.equal(ready.body.checks.snapshot.status, 'down');
    assert.equal(ready.body.checks.redis.status, 'ok');
  });

  test('loads the latest snapshot', async () => {
    await publishTestSnapshot(t.lake, 'run-s1', rowsOf('s1', 400), { partRows: 100 });
    await store.refresh();
    const res = await http.get('/v1/reviews/p1/top?limit=3').expect(200);
    assert.equal(res.body.snapshotId, 'run-s1');
    await http.get('/ready').expect(200);
  });

  test('hot swap under concurrent requests: none fails, none mixes snapshots, then only the new one', async () => {
    let stop = false;
    const seen = new Set<string>();
    const failures: string[] = [];
    const client = async () => {
      while (!stop) {
        const res = await http.get(`/v1/reviews/p${Math.floor(Math.random() * PRODUCTS)}/top?limit=5`);
        if (res.status !== 200) { failures.push(`${res.status}`); continue; }
        const tag = res.body.snapshotId === 'run-s1' ? 's1' : 's2';
        if (!res.body.reviews.every((r: { reviewId: string }) => r.reviewId.startsWith(`${tag}-`))) failures.push(`mixed ${res.body.snapshotId}`);
        seen.add(res.body.snapshotId);
      }
    };
    const clients = Array.from({ length: 8 }, () => client());
    await new Promise((r) => setTimeout(r, 150));
    await publishTestSnapshot(t.lake, 'run-s2', rowsOf('s2', 2_000), { partRows: 250, previousSnapshotId: 'run-s1' });
    await store.refresh();
    await new Promise((r) => setTimeout(r, 150));
    stop = true;
    await Promise.all(clients);
    assert.deepEqual(failures, []);
    assert.deepEqual([...seen].sort(), ['run-s1', 'run-s2'], 'requests were served before and after the swap');
    const after = await http.get('/v1/reviews/p2/top').expect(200);
    assert.equal(after.body.snapshotId, 'run-s2');
    assert.equal((await http.get('/v1/themes/summary').expect(200)).body.reviews, 2_000);
  });

  test('a corrupt new snapshot: the previous one keeps serving; /ready, status and metrics say so', async () => {
    await publishCorruptSnapshot(t.lake, 'run-s3', 'run-s2');
    await store.refresh();
    const res = await http.get('/v1/reviews/p1/top').expect(200);
    assert.equal(res.body.snapshotId, 'run-s2');
    const ready = await http.get('/ready').expect(200);
    assert.equal(ready.body.checks.snapshot.snapshotId, 'run-s2');
    assert.match(ready.body.checks.snapshot.lastLoadError, /corrupt/);
    const status = await http.get('/v1/snapshots/current').set(admin).expect(200);
    assert.equal(status.body.failing.snapshotId, 'run-s3');
    const metrics = await http.get('/metrics').expect(200);
    assert.equal(sampleValue(metrics.text, 'reviewlens_api_snapshot_load_failing'), 1);
    assert.ok((sampleValue(metrics.text, 'reviewlens_api_snapshot_loads_total', { outcome: 'error' }) ?? 0) >= 1);
    assert.equal(sampleValue(metrics.text, 'reviewlens_api_snapshot_rows'), 2_000);
  });

  test('pinning the corrupt snapshot is refused (422) and changes nothing', async () => {
    const res = await http.put('/v1/snapshots/pin').set(admin).send({ runId: 'run-s3' }).expect(422);
    assert.equal(res.body.error.code, 'snapshot_unreadable');
    assert.equal(store.current()?.snapshotId, 'run-s2');
    assert.equal(store.status().pinnedRunId, null);
  });

  test('pin an older snapshot: served at once, stored in Redis for every replica, survives new publishes', async () => {
    const res = await http.put('/v1/snapshots/pin').set(admin).send({ runId: 'run-s1' }).expect(200);
    assert.equal(res.body.snapshotId, 'run-s1');
    assert.equal(res.body.pinnedRunId, 'run-s1');
    assert.equal((await http.get('/v1/reviews/p1/top').expect(200)).body.snapshotId, 'run-s1');
    const pins = new SnapshotPinRepository(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
    await pins.connect();
    assert.equal(await pins.get(), 'run-s1');
    await pins.close();
    await publishTestSnapshot(t.lake, 'run-s4', rowsOf('s4', 300), { previousSnapshotId: 'run-s3' });
    await store.refresh();
    assert.equal((await http.get('/v1/reviews/p1/top').expect(200)).body.snapshotId, 'run-s1', 'still pinned');
    const metrics = await http.get('/metrics').expect(200);
    assert.equal(sampleValue(metrics.text, 'reviewlens_api_snapshot_pinned'), 1);
  });

  test('unpin follows the latest again', async () => {
    const res = await http.delete('/v1/snapshots/pin').set(admin).expect(200);
    assert.equal(res.body.snapshotId, 'run-s4');
    assert.equal(res.body.pinnedRunId, null);
    assert.equal(res.body.failing, null);
  });

  test('rollback: to the previous snapshot (refused when it is unreadable), or to a named run', async () => {
    const bad = await http.post('/v1/snapshots/rollback').set(admin).send({}).expect(422);
    assert.match(bad.body.error.message, /run-s3/);
    assert.equal(store.current()?.snapshotId, 'run-s4');
    const ok = await http.post('/v1/snapshots/rollback').set(admin).send({ runId: 'run-s2' }).expect(200);
    assert.equal(ok.body.snapshotId, 'run-s2');
    assert.equal(ok.body.pinnedRunId, 'run-s2');
    assert.equal((await http.get('/v1/reviews/p3/top').expect(200)).body.snapshotId, 'run-s2');
    await http.delete('/v1/snapshots/pin').set(admin).expect(200);
  });
});
