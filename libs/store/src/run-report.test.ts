import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunReport } from './run-report';
import type { RunBatchDoc, RunDoc } from './run.types';

const run: RunDoc = {
  _id: 'r1', status: 'published', trigger: 'test', full: false, createdAt: new Date('2026-01-01T00:00:00Z'),
  fromCursor: null, upTo: null, cursor: null, batchesPublished: 2, batchCount: 2, extractedAt: null,
  publishClaim: null, publishedAt: new Date('2026-01-01T00:01:00Z'), snapshotId: 's1', error: null,
};

function batch(stage: RunBatchDoc['stage'], batchId: string, count: number, extra: Partial<RunBatchDoc> = {}): RunBatchDoc {
  return { _id: `r1|${stage}|${batchId}`, runId: 'r1', stage, batchId, replay: false, count, rejected: 0,
    rejectedByReason: {}, durationMs: 10, attempts: 1, at: new Date('2026-01-01T00:00:30Z'), checksum: null, ...extra };
}

test('report sums stages, merges reject reasons, counts retries and checks the invariant', () => {
  const report = buildRunReport(run, [
    batch('extractor', 'b1', 10), batch('extractor', 'b2', 5),
    batch('cleaner', 'b1', 8, { rejected: 2, rejectedByReason: { invalid_rating: 2 } }),
    batch('cleaner', 'b2', 4, { rejected: 1, rejectedByReason: { invalid_rating: 1 }, attempts: 3 }),
    batch('loader', 'b1', 8), batch('loader', 'b2', 4),
  ]);
  assert.equal(report.counts.extracted, 15);
  assert.equal(report.counts.rejected, 3);
  assert.deepEqual(report.rejectedByReason, { invalid_rating: 3 });
  assert.equal(report.stages.cleaner.retries, 2);
  assert.equal(report.invariantHolds, true);
  assert.equal(report.durationMs, 60_000);
});

test('a lost row breaks the invariant', () => {
  const report = buildRunReport(run, [batch('extractor', 'b1', 10), batch('cleaner', 'b1', 9), batch('loader', 'b1', 8)]);
  assert.equal(report.invariantHolds, false);
});

test('an unfinished run reports no invariant verdict', () => {
  const report = buildRunReport({ ...run, status: 'extracting', publishedAt: null }, [batch('extractor', 'b1', 10)]);
  assert.equal(report.invariantHolds, null);
  assert.equal(report.durationMs, null);
});

test('rows replayed from the dead-letter queue move from rejected to loaded, keeping the invariant', () => {
  const report = buildRunReport(run, [
    batch('extractor', 'b1', 10),
    batch('cleaner', 'b1', 8, { rejected: 2, rejectedByReason: { unknown_product: 2 } }),
    batch('loader', 'b1', 8),
    batch('cleaner', 'replay-a', 1, { replay: true }), batch('loader', 'replay-a', 1, { replay: true }),
  ]);
  assert.equal(report.counts.replayed, 1);
  assert.equal(report.counts.rejected, 1);
  assert.equal(report.counts.loaded, 9);
  assert.equal(report.invariantHolds, true);
});

test('freshness: source updatedAt range over the extractor batches and the publish lags of its newest and oldest change', () => {
  const report = buildRunReport(run, [
    batch('extractor', 'b1', 10, { sourceUpdatedAtMin: '2026-01-01T00:00:10.000100Z', sourceUpdatedAtMax: '2026-01-01T00:00:20.5Z' }),
    batch('extractor', 'b2', 5, { sourceUpdatedAtMin: '2026-01-01T00:00:20.600Z', sourceUpdatedAtMax: '2026-01-01T00:00:45.250999Z' }),
    batch('cleaner', 'b1', 10, { sourceUpdatedAtMin: '2020-01-01T00:00:00Z' }),
    batch('loader', 'b1', 10), batch('loader', 'b2', 5),
  ]);
  assert.deepEqual(report.freshness, {
    sourceUpdatedAtMin: '2026-01-01T00:00:10.000Z', sourceUpdatedAtMax: '2026-01-01T00:00:45.250Z',
    newestChangeLagSeconds: 14.75, oldestChangeLagSeconds: 50,
  });
});

test('freshness: batches are compared as instants (offsets), unpublished runs have no lags, unknown ranges give null', () => {
  const unpublished = buildRunReport({ ...run, status: 'extracted', publishedAt: null }, [
    batch('extractor', 'b1', 1, { sourceUpdatedAtMin: '2026-01-01 02:00:00+02', sourceUpdatedAtMax: '2026-01-01 02:00:00+02' }),
    batch('extractor', 'b2', 1, { sourceUpdatedAtMin: '2025-12-31T23:59:59Z', sourceUpdatedAtMax: '2025-12-31T23:59:59Z' }),
  ]);
  assert.deepEqual(unpublished.freshness, {
    sourceUpdatedAtMin: '2025-12-31T23:59:59.000Z', sourceUpdatedAtMax: '2026-01-01T00:00:00.000Z',
    newestChangeLagSeconds: null, oldestChangeLagSeconds: null,
  });
  assert.equal(buildRunReport(run, [batch('extractor', 'b1', 10), batch('loader', 'b1', 10)]).freshness, null, 'records written before the fields existed');
  assert.equal(buildRunReport(run, []).freshness, null, 'a run that extracted nothing');
});
