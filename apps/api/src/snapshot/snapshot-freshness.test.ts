import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticReview } from '../../test/synthetic-reviews';
import { FreshnessAccumulator, buildSnapshotIndex, freshnessAges } from './snapshot-index';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

test('freshness: newest change over all rows; oldest change of the snapshot run', () => {
  const acc = new FreshnessAccumulator();
  acc.add('run-old', T0 - 86_400_000);
  acc.add('run-new', T0 - 30_000);
  acc.add('run-new', T0 - 5_000);
  acc.add('run-old', T0 - 90_000_000);
  assert.deepEqual(acc.result('run-new'), { newestChangeMs: T0 - 5_000, latestChangesRunId: 'run-new', oldestLatestChangeMs: T0 - 30_000 });
});

test('freshness: a snapshot run that changed no served row falls back to the run of the newest change', () => {
  const acc = new FreshnessAccumulator();
  acc.add('run-a', T0 - 10_000);
  acc.add('run-b', T0 - 2_000);
  acc.add('run-b', T0 - 4_000);
  assert.deepEqual(acc.result('run-empty'), { newestChangeMs: T0 - 2_000, latestChangesRunId: 'run-b', oldestLatestChangeMs: T0 - 4_000 });
  assert.deepEqual(new FreshnessAccumulator().result('x'), { newestChangeMs: null, latestChangesRunId: null, oldestLatestChangeMs: null });
});

test('gauge values only subtract from now (seconds, ms precision); NaN when unknown', () => {
  const ages = freshnessAges({ newestChangeMs: T0 - 1_500, latestChangesRunId: 'r', oldestLatestChangeMs: T0 - 61_250 }, T0);
  assert.deepEqual(ages, { freshestChangeAgeSeconds: 1.5, stalestChangeAgeSeconds: 61.25 });
  const none = freshnessAges(null, T0);
  assert.ok(Number.isNaN(none.freshestChangeAgeSeconds) && Number.isNaN(none.stalestChangeAgeSeconds));
});

test('the index serves sourceUpdatedAt in ISO and computes the freshness once at load', async () => {
  const carried = Array.from({ length: 20 }, (_, i) => ({ ...syntheticReview(i, { products: 3, runId: 'run-1' }), updatedAt: `2025-12-01 00:00:${String(i).padStart(2, '0')}.123456+00` }));
  const changed = Array.from({ length: 10 }, (_, i) => ({ ...syntheticReview(100 + i, { products: 3, runId: 'run-2' }), updatedAt: `2026-01-01T11:59:${String(50 + i).padStart(2, '0')}.000999Z` }));
  const broken = { ...syntheticReview(500, { products: 3, runId: 'run-2' }), updatedAt: 'not a date' };
  const index = await buildSnapshotIndex({ snapshotId: 's2', runId: 'run-2', createdAt: '2026-01-01T12:00:00Z', previousSnapshotId: 's1' }, [...carried, ...changed, broken]);
  const served = [...index.byProduct.values()].flat();
  assert.equal(served.length, 31);
  const byId = new Map(served.map((r) => [r.reviewId, r]));
  assert.equal(byId.get(carried[3]!.reviewId)!.sourceUpdatedAt, '2025-12-01T00:00:03.123Z');
  assert.equal(byId.get(changed[0]!.reviewId)!.sourceUpdatedAt, '2026-01-01T11:59:50.000Z');
  assert.equal(byId.get(broken.reviewId)!.sourceUpdatedAt, null, 'an unreadable date is served as null, not an error');
  assert.deepEqual(index.freshness, {
    newestChangeMs: Date.UTC(2026, 0, 1, 11, 59, 59), latestChangesRunId: 'run-2', oldestLatestChangeMs: Date.UTC(2026, 0, 1, 11, 59, 50),
  });
  assert.deepEqual(freshnessAges(index.freshness, T0), { freshestChangeAgeSeconds: 1, stalestChangeAgeSeconds: 10 });
});
