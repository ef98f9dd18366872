// Public read API, errors, health, metrics and docs of the gateway api, in-process against the local services.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { topReviews } from '@reviewlens/domain';
import { RunBatchRepository, RunRepository } from '@reviewlens/store';
import { SnapshotStore } from '../../apps/api/src/snapshot/snapshot.store';
import { TEST_KEYS, publishTestSnapshot, startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';
import { sampleValue } from '../../apps/api/test/prometheus-text';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

const ROWS = Array.from({ length: 600 }, (_, i) => syntheticReview(i, { products: 12, runId: 'run-read-1' }));
const P = 'p3';
const productRows = ROWS.filter((r) => r.productId === P);

describe('api public read', () => {
  let t: ApiTestApp;
  let http: ReturnType<typeof request>;

  before(async () => {
    t = await startApiTestApp();
    await publishTestSnapshot(t.lake, 'run-read-1', ROWS, { partRows: 250 });
    await t.app.get(SnapshotStore).refresh();
    http = request(t.app.getHttpServer());
  });
  after(async () => { await t?.close(); });

  test('top reviews are ranked by the documented relevance, on /v1 and the unversioned alias', async () => {
    const res = await http.get(`/v1/reviews/${P}/top?limit=5`).expect(200);
    const expected = topReviews(productRows, { limit: 5 }).map((r) => r.reviewId);
    assert.deepEqual(res.body.reviews.map((r: { reviewId: string }) => r.reviewId), expected);
    assert.equal(res.body.snapshotId, 'run-read-1');
    assert.equal(res.body.count, 5);
    const relevances = res.body.reviews.map((r: { relevance: number }) => r.relevance);
    assert.deepEqual(relevances, [...relevances].sort((a, b) => b - a));
    const alias = await http.get(`/reviews/${P}/top?limit=5`).expect(200);
    assert.deepEqual(alias.body, res.body);
  });

  test('filters theme, minRating and language match the domain ranking; theme matches any detected theme', async () => {
    const q = { limit: 7, theme: 'price', minRating: 3, language: 'en' };
    const res = await http.get(`/v1/reviews/${P}/top`).query(q).expect(200);
    const expected = topReviews(productRows, q).map((r) => r.reviewId);
    assert.ok(expected.length > 0, 'fixture has matching rows');
    assert.deepEqual(res.body.reviews.map((r: { reviewId: string }) => r.reviewId), expected);
    for (const r of res.body.reviews) {
      assert.ok(r.themes.some((t: { theme: string }) => t.theme === 'price'), 'price is one of the detected themes');
      assert.ok(r.rating >= 3);
      assert.ok(r.language === 'en' || r.language.startsWith('en-'));
    }
    const all = await http.get(`/v1/reviews/${P}/top`).query({ limit: 100, theme: 'price' }).expect(200);
    assert.ok(all.body.reviews.some((r: { theme: string }) => r.theme !== 'price'), 'a review whose top theme is another one matches too');
  });

  test('top reviews carry detected themes with polarity and evidence, sentiment and legacy category', async () => {
    const res = await http.get(`/v1/reviews/${P}/top?limit=100`).expect(200);
    for (const r of res.body.reviews) {
      const row = productRows.find((x) => x.reviewId === r.reviewId)!;
      assert.deepEqual(r.themes, row.themes);
      for (const t of r.themes) {
        assert.ok(['positive', 'negative', 'mixed'].includes(t.polarity));
        assert.ok(t.evidence === null || r.text.includes(t.evidence) || (r.title ?? '').includes(t.evidence), 'evidence is from the review');
      }
      assert.equal(r.sentiment, row.sentiment);
      assert.ok(r.sentiment >= -1 && r.sentiment <= 1);
      assert.equal(r.legacyCategory, row.legacyCategory);
      assert.ok('sentimentLabel' in r && 'detectedLanguage' in r);
    }
  });

  test('polarity filter: only reviews where the theme was detected with that polarity; validated', async () => {
    const q = { limit: 100, theme: 'packaging', polarity: 'negative' as const };
    const res = await http.get(`/v1/reviews/${P}/top`).query(q).expect(200);
    const expected = topReviews(productRows, q).map((r) => r.reviewId);
    assert.ok(expected.length > 0, 'fixture has matching rows');
    assert.deepEqual(res.body.reviews.map((r: { reviewId: string }) => r.reviewId), expected);
    for (const r of res.body.reviews) assert.ok(r.themes.some((t: { theme: string; polarity: string }) => t.theme === 'packaging' && t.polarity === 'negative'));
    const unknown = await http.get(`/v1/reviews/${P}/top?theme=packaging&polarity=angry`).expect(400);
    assert.match(unknown.body.error.message, /polarity: must be one of positive, negative, mixed/);
    const alone = await http.get(`/v1/reviews/${P}/top?polarity=negative`).expect(400);
    assert.match(alone.body.error.message, /polarity: .*give theme too/);
  });

  test('bad input is a 400 in the one error shape', async () => {
    for (const qs of ['limit=0', 'limit=101', 'limit=abc', 'minRating=6', 'language=%3Cscript%3E', 'unknown=1']) {
      const res = await http.get(`/v1/reviews/${P}/top?${qs}`).expect(400);
      assert.equal(res.body.error.code, 'bad_request', qs);
      assert.equal(typeof res.body.error.message, 'string');
    }
    // Fastify refuses path parameters over 100 characters before routing (its own JSON body, see docs/api.md).
    await http.get(`/v1/reviews/${'x'.repeat(101)}/top`).expect(414);
  });

  test('unknown products are 404 on top and summary', async () => {
    const top = await http.get('/v1/reviews/no-such-product/top').expect(404);
    assert.deepEqual(Object.keys(top.body), ['error']);
    assert.equal(top.body.error.code, 'not_found');
    const summary = await http.get('/v1/products/no-such-product/summary').expect(404);
    assert.equal(summary.body.error.code, 'not_found');
  });

  test('product summary: rating and theme distributions, praise and criticism per theme, counts', async () => {
    const res = await http.get(`/v1/products/${P}/summary`).expect(200);
    assert.equal(res.body.productId, P);
    assert.equal(res.body.reviews, productRows.length);
    for (let star = 1; star <= 5; star++) {
      assert.equal(res.body.ratingDistribution[star], productRows.filter((r) => r.rating === star).length);
    }
    const themeTotal = Object.values(res.body.themeDistribution as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(themeTotal, productRows.length);
    assert.equal(res.body.themeDistribution['packaging'] ?? 0, productRows.filter((r) => r.theme === 'packaging').length);
    const packaging = productRows.filter((r) => r.themes.some((t) => t.theme === 'packaging'));
    const polarity = res.body.themePolarity.packaging;
    assert.equal(polarity.reviews, packaging.length);
    for (const p of ['positive', 'negative', 'mixed']) {
      assert.equal(polarity[p], packaging.filter((r) => r.themes.some((t) => t.theme === 'packaging' && t.polarity === p)).length, p);
    }
    assert.equal(polarity.positive + polarity.negative + polarity.mixed, polarity.reviews);
    const mean = packaging.reduce((s, r) => s + (r.sentiment ?? 0), 0) / packaging.length;
    assert.ok(Math.abs(polarity.averageSentiment - mean) < 1e-3);
    assert.ok(res.body.averageSentiment >= -1 && res.body.averageSentiment <= 1);
    const categoryTotal = Object.values(res.body.categoryDistribution as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(categoryTotal, productRows.length);
    const avg = productRows.reduce((s, r) => s + r.rating, 0) / productRows.length;
    assert.ok(Math.abs(res.body.averageRating - avg) < 0.001);
    assert.equal(res.body.verifiedBuyers, productRows.filter((r) => r.verifiedBuyer).length);
  });

  test('themes summary covers every review once, per top theme and per legacy category (vw_reviews_by_category)', async () => {
    const res = await http.get('/v1/themes/summary').expect(200);
    assert.equal(res.body.reviews, ROWS.length);
    assert.equal(res.body.products, 12);
    const sum = res.body.themes.reduce((n: number, t: { reviews: number }) => n + t.reviews, 0);
    assert.equal(sum, ROWS.length);
    const packaging = res.body.themes.find((t: { theme: string }) => t.theme === 'packaging');
    assert.equal(packaging.reviews, ROWS.filter((r) => r.theme === 'packaging').length);
    assert.ok(res.body.themes[0].reviews >= res.body.themes.at(-1).reviews, 'most frequent first');
    assert.equal(res.body.categories.reduce((n: number, t: { reviews: number }) => n + t.reviews, 0), ROWS.length);
    const defect = res.body.categories.find((t: { theme: string }) => t.theme === 'product defect');
    assert.equal(defect.reviews, ROWS.filter((r) => r.legacyCategory === 'product defect').length);
    assert.equal(res.body.themePolarity.price.reviews, ROWS.filter((r) => r.themes.some((t) => t.theme === 'price')).length);
  });

  test('quality: reject rates by reason from the run reports', async () => {
    const db = t.mongo.db(t.id);
    const runs = new RunRepository(db);
    const batches = new RunBatchRepository(db);
    await runs.createIfAbsent({ _id: 'run-q-1', trigger: 'test', full: false, fromCursor: null, upTo: null });
    await batches.record({ runId: 'run-q-1', stage: 'extractor', batchId: 'b000001', count: 200, durationMs: 5, attempts: 1 });
    await batches.record({ runId: 'run-q-1', stage: 'cleaner', batchId: 'b000001', count: 180, rejected: 20, rejectedByReason: { invalid_rating: 15, empty_review_raw: 5 }, durationMs: 5, attempts: 1 });
    const res = await http.get('/v1/quality?runs=5').expect(200);
    assert.equal(res.body.runs, 1);
    assert.equal(res.body.extracted, 200);
    assert.equal(res.body.rejected, 20);
    assert.equal(res.body.rejectRate, 0.1);
    assert.deepEqual(res.body.rejectedByReason, { invalid_rating: { count: 15, rate: 0.075 }, empty_review_raw: { count: 5, rate: 0.025 } });
    assert.equal(res.body.lastRuns[0].runId, 'run-q-1');
    assert.equal(res.body.lastRuns[0].error, undefined, 'run errors are not public');
    await http.get('/v1/quality?runs=0').expect(400);
  });

  test('unknown routes and malformed JSON bodies use the error shape too', async () => {
    const nf = await http.get('/v1/nope').expect(404);
    assert.equal(nf.body.error.code, 'not_found');
    const bad = await http.post('/v1/runs').set('x-api-key', TEST_KEYS.engineer).set('content-type', 'application/json').send('{"runId":').expect(400);
    assert.equal(bad.body.error.code, 'bad_request');
    const media = await http.post('/v1/runs').set('x-api-key', TEST_KEYS.engineer).set('content-type', 'text/csv').send('a,b').expect(415);
    assert.equal(media.body.error.code, 'unsupported_media_type');
  });

  test('health is 200 without I/O; ready reports redis, mongo and the snapshot with its age', async () => {
    const health = await http.get('/health').expect(200);
    assert.equal(health.body.status, 'ok');
    const ready = await http.get('/ready').expect(200);
    assert.equal(ready.body.status, 'ready');
    assert.equal(ready.body.checks.redis.status, 'ok');
    assert.equal(ready.body.checks.mongo.status, 'ok');
    assert.equal(ready.body.checks.snapshot.snapshotId, 'run-read-1');
    assert.equal(ready.body.checks.snapshot.rows, ROWS.length);
    assert.ok(ready.body.checks.snapshot.ageSeconds >= 0);
  });

  test('metrics: latency by route and status, snapshot age and rows, queue depths', async () => {
    await http.get(`/v1/reviews/${P}/top`).expect(200);
    await http.get('/v1/reviews/nothing-here/top').expect(404);
    const res = await http.get('/metrics').expect(200);
    assert.match(res.headers['content-type'], /text\/plain/);
    const route = '/v1/reviews/:productId/top';
    assert.ok((sampleValue(res.text, 'reviewlens_http_request_duration_seconds_count', { method: 'GET', route, status: '200' }) ?? 0) >= 1);
    assert.ok((sampleValue(res.text, 'reviewlens_http_request_duration_seconds_count', { method: 'GET', route, status: '404' }) ?? 0) >= 1);
    assert.equal(sampleValue(res.text, 'reviewlens_api_snapshot_rows'), 600);
    assert.ok((sampleValue(res.text, 'reviewlens_api_snapshot_age_seconds') ?? -1) >= 0);
    assert.equal(sampleValue(res.text, 'reviewlens_api_snapshot_load_failing'), 0);
    assert.equal(sampleValue(res.text, 'reviewlens_queue_jobs', { queue: 'dead-letter', state: 'waiting' }), 0);
    assert.equal(sampleValue(res.text, 'reviewlens_queue_jobs', { queue: 'extract', state: 'failed' }), 0);
    assert.doesNotMatch(res.text, /nothing-here/, 'route labels are patterns, not URLs');
  });

  test('request ids: echoed when given, generated otherwise', async () => {
    const given = await http.get('/health').set('x-request-id', 'abc-123').expect(200);
    assert.equal(given.headers['x-request-id'], 'abc-123');
    const generated = await http.get('/health').set('x-request-id', 'bad id with spaces').expect(200);
    assert.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  });

  test('OpenAPI document and docs page', async () => {
    const doc = await http.get('/docs/openapi.json').expect(200);
    assert.equal(doc.body.openapi, '3.1.0');
    for (const p of ['/v1/reviews/{productId}/top', '/v1/products/{productId}/summary', '/v1/themes/summary', '/v1/quality', '/v1/runs', '/v1/snapshots/pin']) {
      assert.ok(doc.body.paths[p], p);
    }
    assert.deepEqual(doc.body.paths['/v1/runs'].post.security, [{ apiKey: [] }]);
    // Every documented operation is routed: Nest's "Cannot <METHOD> <path>" 404 means no route.
    for (const [p, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) {
        const url = p.replace('{productId}', P).replace('{runId}', 'run-read-1').replace('{id}', 'x');
        const res = await (http as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
        assert.ok(!(res.status === 404 && /^Cannot /.test(res.body?.error?.message ?? '')), `${method} ${p} is routed`);
      }
    }
    const page = await http.get('/docs').expect(200);
    assert.match(page.headers['content-type'], /text\/html/);
    assert.match(page.text, /\/v1\/themes\/summary/);
  });
});
