import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassifiedReview, DeadLetterEntry } from '@reviewlens/contracts';
import { decodeRows, readLatestSnapshot, readSnapshotRows } from '@reviewlens/datalake';
import { generateSample, malformedKindAt, sampleIds } from '@reviewlens/source-db';
import { api, createE2eContext, waitForRun, type E2eContext } from '../support/e2e-context';
import { SAMPLE_REJECT_REASON } from '../support/sample-reject-reasons';

const REVIEWS = 600;
const SEED = 7;
const MALFORMED_RATE = 0.05;
const RUN_TIMEOUT_MS = 5 * 60_000;


describe('pipeline end to end: six services as processes on real Redis, PostgreSQL, FerretDB, s3rver', () => {
  let ctx: E2eContext;
  const expectedRejects = new Map<string, string>();
  let hostileId = '';
  let futureId = '';

  before(async () => {
    ctx = await createE2eContext({ basePort: 4300 });
    await generateSample(ctx.ownerPool, { reviews: REVIEWS, seed: SEED, malformedRate: MALFORMED_RATE });
    for (let i = 0; i < REVIEWS; i++) {
      const kind = malformedKindAt(i, MALFORMED_RATE);
      if (kind) expectedRejects.set(sampleIds.review(SEED, i), SAMPLE_REJECT_REASON[kind]);
    }
    // Two hand-made hostile rows: script injection (accepted, script stripped) and a review dated next year (rejected).
    const { rows } = await ctx.ownerPool.query<{ p_id: string }>('SELECT p_id FROM product ORDER BY p_id LIMIT 1');
    const productId = rows[0]!.p_id;
    hostileId = 'hostile-script-1';
    futureId = 'hostile-future-1';
    await ctx.ownerPool.query(
      `INSERT INTO review (review_id, r_desc, title, rating, created_at) VALUES
       ($1, '<script>alert("x")</script><b>Great</b> blender &amp; very quiet', 'ok', 5, now()),
       ($2, 'Arrives from the future', 'time travel', 4, now() + interval '365 days')`,
      [hostileId, futureId],
    );
    await ctx.ownerPool.query('INSERT INTO product_reviews (review_id, p_id) VALUES ($1, $3), ($2, $3)', [hostileId, futureId, productId]);
    expectedRejects.set(futureId, 'future_date');
    await ctx.stack.start();
  });

  after(async () => { await ctx?.cleanup(); });

  const total = REVIEWS + 2;
  let runId = '';
  let report: any;

  test('a run triggered through the api is published with exact accounting', async () => {
    const trigger = await api<{ runId: string }>(ctx, 'POST', '/runs', { runId: 'e2e-run-1' });
    assert.equal(trigger.status, 202);
    runId = trigger.body.runId;
    report = await waitForRun(ctx, runId, RUN_TIMEOUT_MS);
    assert.equal(report.status, 'published', JSON.stringify(report));
    assert.equal(report.counts.extracted, total);
    assert.equal(report.counts.archived, total);
    assert.equal(report.counts.rejected, expectedRejects.size);
    assert.equal(report.counts.loaded, total - expectedRejects.size);
    assert.equal(report.counts.extracted, report.counts.loaded + report.counts.rejected);
    assert.equal(report.invariantHolds, true);
    const byReason: Record<string, number> = {};
    for (const reason of expectedRejects.values()) byReason[reason] = (byReason[reason] ?? 0) + 1;
    assert.deepEqual(report.rejectedByReason, byReason);
    assert.ok(report.stages.classifier.durationMs >= 0 && report.stages.loader.batches === report.batchCount);
  });

  test('the MongoDB archive holds every extracted review exactly once', async () => {
    const col = ctx.db.collection<{ _id: string }>('raw_reviews');
    assert.equal(await col.countDocuments({}), total);
    const ids = (await col.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    assert.equal(new Set(ids).size, total);
    assert.ok(ids.includes(futureId) && ids.includes(sampleIds.review(SEED, 0)));
    const raw = await col.findOne({ _id: hostileId }) as any;
    assert.match(raw.raw.text, /<script>/, 'the archive keeps the raw, unsanitised text');
    assert.equal(raw.raw.buyerId, undefined, 'no raw buyer id is archived');
  });

  test('cleaned, rejects and curated Parquet hold the expected rows and schema', async () => {
    const cleanedKeys = await ctx.lake.listKeys(`cleaned/run=${runId}/`);
    let cleaned = 0;
    for (const key of cleanedKeys) {
      const rows = await decodeRows('cleaned', (await ctx.lake.getObject(key))!);
      cleaned += rows.length;
      for (const col of ['reviewId', 'productId', 'text', 'rating', 'updatedAt', 'wordCount']) assert.ok(col in rows[0]!, `cleaned column ${col}`);
    }
    assert.equal(cleaned, total - expectedRejects.size);

    const rejectRows = [];
    for (const key of await ctx.lake.listKeys(`rejects/run=${runId}/`)) rejectRows.push(...(await decodeRows('rejects', (await ctx.lake.getObject(key))!)));
    assert.equal(rejectRows.length, expectedRejects.size);
    for (const r of rejectRows as any[]) assert.equal(r.reason, expectedRejects.get(r.reviewId), `reject reason of ${r.reviewId}`);

    const manifest = await readLatestSnapshot(ctx.lake);
    assert.ok(manifest);
    assert.equal(manifest.runId, runId);
    const curated = (await readSnapshotRows(ctx.lake, manifest)) as ClassifiedReview[];
    assert.equal(curated.length, total - expectedRejects.size);
    assert.equal(new Set(curated.map((r) => r.reviewId)).size, curated.length, 'no duplicate in the curated snapshot');
    for (const r of curated) assert.ok(!expectedRejects.has(r.reviewId));
    const hostile = curated.find((r) => r.reviewId === hostileId)!;
    assert.equal(hostile.text, 'Great blender & very quiet');
    const sample = curated[0]!;
    assert.equal(Object.keys(sample.themeScores).length, 7, 'every label scored');
    assert.ok(Math.abs(Object.values(sample.themeScores).reduce((a, b) => a + b, 0) - 1) < 1e-3);
    assert.equal(sample.confidence, Math.max(...Object.values(sample.themeScores)));
    assert.equal(sample.modelId, 'Xenova/all-MiniLM-L6-v2');
    assert.match(sample.userHash ?? '', /^[0-9a-f]{32}$/);
  });

  test('the dead-letter queue holds the malformed rows with their reasons', async () => {
    const dlq = ctx.queue('dead-letter');
    const jobs = await dlq.getWaiting(0, 10_000);
    const rows = jobs.map((j) => j.data as DeadLetterEntry).filter((e) => e.runId === runId);
    assert.equal(rows.length, expectedRejects.size);
    for (const e of rows) {
      const id = String((e.payload as { reviewId: unknown }).reviewId);
      assert.equal(e.stage, 'cleaner');
      assert.equal(e.reason, expectedRejects.get(id), `dead-letter reason of ${id}`);
    }
  });

  test('GET /reviews/:productId/top returns the product\'s reviews ranked by relevance', async () => {
    const manifest = (await readLatestSnapshot(ctx.lake))!;
    const curated = (await readSnapshotRows(ctx.lake, manifest)) as ClassifiedReview[];
    const counts = new Map<string, ClassifiedReview[]>();
    for (const r of curated) counts.set(r.productId, [...(counts.get(r.productId) ?? []), r]);
    const [productId, rows] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const expected = [...rows].sort((a, b) => b.relevance - a.relevance || (a.reviewId < b.reviewId ? -1 : 1)).slice(0, 3);

    const res = await api<any>(ctx, 'GET', `/reviews/${encodeURIComponent(productId)}/top?limit=3`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.reviews.map((r: any) => r.reviewId), expected.map((r) => r.reviewId));
    assert.equal((await api(ctx, 'GET', '/reviews/no-such-product/top')).status, 404);
    assert.equal((await api(ctx, 'GET', `/reviews/${encodeURIComponent(productId)}/top?limit=0`)).status, 400);
    assert.equal((await api(ctx, 'GET', '/health')).status, 200);
  });

  test('re-running the same run or an empty incremental run duplicates nothing', async () => {
    const again = await api<any>(ctx, 'POST', '/runs', { runId });
    assert.equal(again.status, 202);
    assert.equal(again.body.status, 'published');
    const second = await api<{ runId: string }>(ctx, 'POST', '/runs', { runId: 'e2e-run-2' });
    const r2 = await waitForRun(ctx, second.body.runId, RUN_TIMEOUT_MS);
    assert.equal(r2.counts.extracted, 0, 'the watermark excludes everything already extracted');
    assert.equal(await ctx.db.collection('raw_reviews').countDocuments({}), total);
    const manifest = (await readLatestSnapshot(ctx.lake))!;
    assert.equal(manifest.rowCount, total - expectedRejects.size);
  });

  test('an incremental run picks up updated rows and replaces their old version', async () => {
    const updatedId = sampleIds.review(SEED, 1);
    await ctx.ownerPool.query(`UPDATE review SET r_desc = 'Updated: the motor failed after a week' WHERE review_id = $1`, [updatedId]);
    const third = await api<{ runId: string }>(ctx, 'POST', '/runs', { runId: 'e2e-run-3' });
    const r3 = await waitForRun(ctx, third.body.runId, RUN_TIMEOUT_MS);
    assert.equal(r3.counts.extracted, 1);
    assert.equal(r3.counts.loaded, 1);
    const manifest = (await readLatestSnapshot(ctx.lake))!;
    const curated = (await readSnapshotRows(ctx.lake, manifest)) as ClassifiedReview[];
    assert.equal(curated.length, total - expectedRejects.size);
    assert.equal(new Set(curated.map((r) => r.reviewId)).size, curated.length);
    assert.equal(curated.find((r) => r.reviewId === updatedId)?.text, 'Updated: the motor failed after a week');
    assert.equal(await ctx.db.collection('raw_reviews').countDocuments({}), total);
  });
});
