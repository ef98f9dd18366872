import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassifiedReview, DeadLetterEntry, RawReview } from '@reviewlens/contracts';
import { decodeRows, readLatestSnapshot, readSnapshotRows } from '@reviewlens/datalake';
import { generateSample, malformedKindAt, sampleIds } from '@reviewlens/source-db';
import { ArchiveRepository } from '@reviewlens/store';
import { api, createE2eContext, waitForRun, type E2eContext } from '../support/e2e-context';
import { SAMPLE_REJECT_REASON } from '../support/sample-reject-reasons';

const REVIEWS = 600;
const SEED = 7;
const MALFORMED_RATE = 0.05;
const RUN_TIMEOUT_MS = 5 * 60_000;


const POLARITIES = new Set(['positive', 'negative', 'mixed']);

/** Every curated row carries consistent aspect fields (random weights: mechanics only, no claim on quality). */
function assertAspectRows(rows: readonly ClassifiedReview[]): void {
  let detected = 0;
  const legacy = new Set<string>();
  for (const r of rows) {
    const where = `review ${r.reviewId}`;
    assert.equal(r.confidence, Math.max(...Object.values(r.themeScores)), `${where}: confidence is the top theme's score`);
    assert.equal(r.themeScores[r.theme], r.confidence, `${where}: theme is the top theme`);
    assert.ok(Array.isArray(r.themes), where);
    for (const [k, t] of r.themes.entries()) {
      assert.ok(t.theme in r.themeScores, `${where}: detected theme ${t.theme} is a known theme`);
      assert.ok(t.score >= 0 && t.score <= 1 && t.score === r.themeScores[t.theme], `${where}: detected score is the theme's score`);
      if (k > 0) assert.ok(r.themes[k - 1]!.score >= t.score, `${where}: highest score first`);
      assert.ok(POLARITIES.has(t.polarity), `${where}: polarity ${t.polarity}`);
      assert.ok(t.evidence === null || r.text.includes(t.evidence) || (r.title ?? '').includes(t.evidence),
        `${where}: evidence "${t.evidence}" is a substring of the title or text`);
    }
    assert.equal(new Set(r.themes.map((t) => t.theme)).size, r.themes.length, `${where}: each theme once`);
    detected += r.themes.length;
    assert.ok(typeof r.sentiment === 'number' && r.sentiment >= -1 && r.sentiment <= 1, `${where}: sentiment ${r.sentiment} in [-1, 1]`);
    assert.ok(r.sentimentLabel !== null, `${where}: sentiment label`);
    assert.ok(r.legacyCategory !== null, `${where}: the default themes map every review to a legacy category`);
    legacy.add(r.legacyCategory!);
    assert.ok(r.detectedLanguage === null || /^[a-z]{2,3}$/.test(r.detectedLanguage), `${where}: detected language ${r.detectedLanguage}`);
    assert.equal(r.modelId, 'Xenova/all-MiniLM-L6-v2', `${where}: no e5 in .cache/models, MiniLM classifies every review`);
    assert.match(r.themesVersion, /^\d+-[0-9a-f]{8}(\+h[0-9a-f]{8})?$/);
  }
  assert.ok(detected > 0, 'some themes are detected (keywords fire even with random weights)');
  const LEGACY = ['product quality', 'product defect', 'positive experience', 'negative experience', 'delivery issue', 'delivery satisfaction', 'price value'];
  for (const l of legacy) assert.ok(LEGACY.includes(l), `legacy category ${l} is one of the original seven`);
}

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
    const archive = new ArchiveRepository(ctx.db);
    const rows: RawReview[] = [];
    for await (const segment of archive.segmentsOfRun(runId)) rows.push(...segment.rows);
    assert.equal(rows.length, total);
    const ids = rows.map((r) => String(r.reviewId));
    assert.equal(new Set(ids).size, total);
    assert.equal(await archive.countForRun(runId), total);
    assert.ok(ids.includes(futureId) && ids.includes(sampleIds.review(SEED, 0)));
    const hostile = await archive.latestVersion(hostileId);
    assert.match(String(hostile?.raw.text), /<script>/, 'the archive keeps the raw, unsanitised text');
    assert.equal((hostile?.raw as Record<string, unknown> | undefined)?.buyerId, undefined, 'no raw buyer id is archived');
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
    assert.match(sample.userHash ?? '', /^[0-9a-f]{32}$/);
    // Aspect engine output, on RANDOM test weights (.cache/models): the mechanics and their consistency, not quality.
    assertAspectRows(curated);
  });

  test('the classifier reports random test weights on /health/model and loaded heads', async () => {
    const res = await fetch(`http://127.0.0.1:${ctx.stack.portOf('classifier')}/health/model`);
    const h = await res.json() as any;
    assert.equal(res.status, 200, JSON.stringify(h));
    assert.equal(h.engine, 'aspect');
    assert.equal(h.weights, 'random', 'the e2e suite runs on random weights, and /health says so');
    assert.equal(h.models[0].modelId, 'Xenova/all-MiniLM-L6-v2');
    assert.equal(h.models[0].weights, 'random');
    assert.equal(h.models.length, 1, 'no multilingual model in .cache/models: MiniLM classifies every language');
    assert.equal(h.headsLoaded, true);
    assert.match(String(h.themesVersion), /^\d+-[0-9a-f]{8}(\+h[0-9a-f]{8})?$/);
  });

  test('the rejects store holds the malformed rows with their reasons; the dead-letter queue holds no failed job', async () => {
    const dlq = ctx.queue('dead-letter');
    const letters = (await dlq.getWaiting(0, 10_000)).map((j) => j.data as DeadLetterEntry).filter((e) => e.runId === runId);
    assert.deepEqual(letters, [], 'a healthy run leaves the dead-letter queue empty');
    const listed = await api<{ total: number; rejects: { reason: string; row: { reviewId: unknown }; productId: string | null }[] }>(ctx, 'GET', `/v1/rejects?runId=${runId}&limit=500`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.total, expectedRejects.size);
    for (const r of listed.body.rejects) {
      const id = String(r.row.reviewId);
      assert.equal(r.reason, expectedRejects.get(id), `reject reason of ${id}`);
    }
    const reason = listed.body.rejects[0]!.reason;
    const byReason = await api<{ total: number }>(ctx, 'GET', `/v1/rejects?runId=${runId}&reason=${reason}`);
    assert.equal(byReason.body.total, [...expectedRejects.values()].filter((r) => r === reason).length);
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
    for (const r of res.body.reviews) {
      const row = rows.find((x) => x.reviewId === r.reviewId)!;
      assert.deepEqual(r.themes, row.themes, 'served themes are the curated ones');
      assert.equal(r.sentiment, row.sentiment);
      assert.equal(r.legacyCategory, row.legacyCategory);
    }
    // ?theme= matches any detected theme; ?polarity= narrows it; the summary counts praise and criticism per theme.
    const detected = rows.flatMap((r) => r.themes.map((t) => t));
    if (detected.length > 0) {
      const { theme, polarity } = detected[0]!;
      const withTheme = rows.filter((r) => r.themes.some((t) => t.theme === theme));
      const byTheme = await api<any>(ctx, 'GET', `/reviews/${encodeURIComponent(productId)}/top?limit=100&theme=${theme}`);
      assert.equal(byTheme.status, 200, JSON.stringify(byTheme.body));
      assert.equal(byTheme.body.count, Math.min(100, withTheme.length));
      const byPolarity = await api<any>(ctx, 'GET', `/reviews/${encodeURIComponent(productId)}/top?limit=100&theme=${theme}&polarity=${polarity}`);
      assert.equal(byPolarity.status, 200);
      for (const r of byPolarity.body.reviews) assert.ok(r.themes.some((t: any) => t.theme === theme && t.polarity === polarity));
      const summary = await api<any>(ctx, 'GET', `/v1/products/${encodeURIComponent(productId)}/summary`);
      assert.equal(summary.status, 200);
      const counts = summary.body.themePolarity[theme];
      assert.equal(counts.reviews, withTheme.length);
      assert.equal(counts.positive + counts.negative + counts.mixed, counts.reviews);
    }
    assert.equal((await api(ctx, 'GET', `/reviews/${encodeURIComponent(productId)}/top?theme=price&polarity=great`)).status, 400);
    const categories = await api<any>(ctx, 'GET', '/v1/themes/summary');
    assert.equal(categories.body.categories.reduce((n: number, c: any) => n + c.reviews, 0), curated.length, 'vw_reviews_by_category covers every review');
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
    assert.equal(await ctx.db.collection('archive_segments').countDocuments({ runId: 'e2e-run-2' }), 0, 'an empty run archives nothing');
    const manifest = (await readLatestSnapshot(ctx.lake))!;
    assert.equal(manifest.rowCount, total - expectedRejects.size);
  });

  test("every line of every service's log is one JSON object (no multi-line or plain-text output)", () => {
    const files = readdirSync(ctx.stack.logDir).filter((f) => f.endsWith('.log'));
    assert.ok(files.length >= 6, files.join(','));
    for (const f of files) {
      const lines = readFileSync(join(ctx.stack.logDir, f), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const plain = lines.filter((l) => { try { return typeof JSON.parse(l) !== 'object'; } catch { return true; } });
      assert.deepEqual(plain.slice(0, 5), [], `${f}: ${plain.length} non-JSON lines`);
    }
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
    const archive = new ArchiveRepository(ctx.db);
    assert.equal(await archive.versionCount(updatedId), 2, 'the archive keeps both versions of the updated review');
    assert.equal((await archive.latestVersion(updatedId))?.raw.text, 'Updated: the motor failed after a week');
  });
});
