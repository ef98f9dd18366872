// Freshness in the gateway api, in-process against the local services: served reviews carry their source updatedAt,
// /metrics exports the age of the freshest and stalest served change, /v1/quality the per-run source range and lags.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { RunBatchRepository, RunRepository } from '@reviewlens/store';
import { SnapshotStore } from '../../apps/api/src/snapshot/snapshot.store';
import { TEST_KEYS, publishTestSnapshot, startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';
import { sampleValue } from '../../apps/api/test/prometheus-text';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

const NOW = Date.now();
const at = (msAgo: number): string => new Date(NOW - msAgo).toISOString().replace(/Z$/, '456Z'); // microsecond text, as the extractor writes it
// 40 reviews carried over from an old run (a day old), 10 changed by the latest run (5 to 50 seconds old).
const OLD = Array.from({ length: 40 }, (_, i) => ({ ...syntheticReview(i, { products: 4, runId: 'run-old' }), updatedAt: at(86_400_000 + i * 1000) }));
const NEW = Array.from({ length: 10 }, (_, i) => ({ ...syntheticReview(100 + i, { products: 4, runId: 'run-fresh' }), updatedAt: at(5_000 + i * 5_000) }));

describe('api freshness', () => {
  let t: ApiTestApp;
  let http: ReturnType<typeof request>;

  before(async () => {
    t = await startApiTestApp();
    await publishTestSnapshot(t.lake, 'run-fresh', [...OLD, ...NEW], { partRows: 20 });
    await t.app.get(SnapshotStore).refresh();
    http = request(t.app.getHttpServer());
  });
  after(async () => { await t?.close(); });

  test('every served review carries sourceUpdatedAt, its source updatedAt in ISO (ms)', async () => {
    const byId = new Map([...OLD, ...NEW].map((r) => [r.reviewId, r]));
    for (const p of ['p0', 'p1', 'p2', 'p3']) {
      const res = await http.get(`/v1/reviews/${p}/top?limit=100`).expect(200);
      for (const r of res.body.reviews) {
        assert.equal(r.sourceUpdatedAt, byId.get(r.reviewId)!.updatedAt.replace(/(\.\d{3})\d+Z$/, '$1Z'));
      }
    }
  });

  test('metrics: freshest = now − newest served change; stalest = now − oldest change of the latest run', async () => {
    const res = await http.get('/metrics').expect(200);
    const elapsed = (Date.now() - NOW) / 1000;
    const freshest = sampleValue(res.text, 'reviewlens_api_freshest_change_age_seconds')!;
    const stalest = sampleValue(res.text, 'reviewlens_api_stalest_change_age_seconds')!;
    assert.ok(freshest >= 5 && freshest <= 5 + elapsed + 0.01, `freshest ${freshest}`);
    assert.ok(stalest >= 50 && stalest <= 50 + elapsed + 0.01, `stalest ${stalest} (the latest run's oldest change, not the carried-over day-old rows)`);
    const current = await http.get('/v1/snapshots/current').set('x-api-key', TEST_KEYS.analyst).expect(200);
    assert.equal(current.body.freshness.latestChangesRunId, 'run-fresh');
    assert.equal(current.body.freshness.newestChangeAt, new Date(NOW - 5_000).toISOString());
    assert.equal(current.body.freshness.oldestLatestChangeAt, new Date(NOW - 50_000).toISOString());
  });

  test('/v1/quality: per run, the source updatedAt range and the lag of its newest and oldest change to publish', async () => {
    const db = t.mongo.db(t.id);
    const runs = new RunRepository(db);
    const batches = new RunBatchRepository(db);
    await runs.createIfAbsent({ _id: 'run-f-1', trigger: 'continuous', full: false, fromCursor: null, upTo: '2026-01-01T00:00:30.000000Z' });
    await batches.record({ runId: 'run-f-1', stage: 'extractor', batchId: 'b000001', count: 3, durationMs: 5, attempts: 1, sourceUpdatedAtMin: '2026-01-01T00:00:10.250000Z', sourceUpdatedAtMax: '2026-01-01T00:00:20.000000Z' });
    await batches.record({ runId: 'run-f-1', stage: 'extractor', batchId: 'b000002', count: 2, durationMs: 5, attempts: 1, sourceUpdatedAtMin: '2026-01-01T00:00:21.000000Z', sourceUpdatedAtMax: '2026-01-01T00:00:30.000000Z' });
    const res = await http.get('/v1/quality?runs=5').expect(200);
    const run = res.body.lastRuns.find((r: { runId: string }) => r.runId === 'run-f-1');
    assert.equal(run.trigger, 'continuous');
    assert.deepEqual(run.freshness, {
      sourceUpdatedAtMin: '2026-01-01T00:00:10.250Z', sourceUpdatedAtMax: '2026-01-01T00:00:30.000Z',
      newestChangeLagSeconds: null, oldestChangeLagSeconds: null,
    }, 'not published yet: range only');
    await db.collection('runs').updateOne({ _id: 'run-f-1' as never }, { $set: { status: 'published', publishedAt: new Date('2026-01-01T00:00:42.500Z') } });
    const published = (await http.get('/v1/quality?runs=5').expect(200)).body.lastRuns.find((r: { runId: string }) => r.runId === 'run-f-1');
    assert.equal(published.freshness.newestChangeLagSeconds, 12.5);
    assert.equal(published.freshness.oldestChangeLagSeconds, 32.25);
  });
});
