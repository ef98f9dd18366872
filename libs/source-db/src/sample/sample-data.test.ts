import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedMalformedCount, malformedKindAt } from './malformed-plan';
import { isoToMicros, microsToIso } from './microsecond-time';
import { sampleBuyerBatches, sampleProducts } from './sample-population';
import { sampleReviewBatches } from './sample-reviews';
import { DEFAULT_SAMPLE_OPTIONS, MALFORMED_KINDS, type SampleOptions, type SampleReview } from './sample.types';

function reviews(options: SampleOptions, batchSize = 333): SampleReview[] {
  return [...sampleReviewBatches(options, sampleProducts(options), batchSize)].flat();
}

describe('sample data', () => {
  const options = { ...DEFAULT_SAMPLE_OPTIONS, reviews: 2_000, seed: 7 };

  test('same seed gives the same data, whatever the batch size', () => {
    assert.deepEqual(reviews(options, 333), reviews(options, 1_000));
    assert.deepEqual([...sampleBuyerBatches(options, 100)].flatMap((b) => b.buyers), [...sampleBuyerBatches(options, 500)].flatMap((b) => b.buyers));
    assert.deepEqual(sampleProducts(options), sampleProducts(options));
  });

  test('another seed gives other data', () => {
    const a = reviews(options).map((r) => r.text);
    const b = reviews({ ...options, seed: 8 }).map((r) => r.text);
    assert.ok(a.filter((t, i) => t !== b[i]).length > 1_500);
  });

  test('exactly floor(n * rate) malformed rows, every kind, each as described', () => {
    const rows = reviews(options);
    const bad = rows.filter((r) => r.malformed);
    assert.equal(bad.length, expectedMalformedCount(2_000, 0.02));
    assert.equal(bad.length, 40);
    assert.deepEqual(new Set(bad.map((r) => r.malformed)), new Set(MALFORMED_KINDS));
    for (const r of bad) {
      if (r.malformed === 'null_rating') assert.equal(r.rating, null);
      if (r.malformed === 'rating_zero') assert.equal(r.rating, 0);
      if (r.malformed === 'rating_seven') assert.equal(r.rating, 7);
      if (r.malformed === 'empty_text') assert.equal(r.text, '');
      if (r.malformed === 'whitespace_text') assert.equal(r.text.trim(), '');
      if (r.malformed === 'html_only_text') assert.equal(r.text.replace(/<[^>]*>|&nbsp;/g, '').trim(), '');
      if (r.malformed === 'missing_product_link') assert.equal(r.productId, null);
    }
    for (const r of rows.filter((x) => !x.malformed)) {
      assert.ok(r.rating !== null && r.rating >= 1 && r.rating <= 5);
      assert.ok(r.text.trim().length > 0 && r.productId !== null);
    }
    assert.equal(reviews({ ...options, malformedRate: 0 }).filter((r) => r.malformed).length, 0);
  });

  test('realistic spread: lengths, html, votes skew, microsecond timestamps', () => {
    const rows = reviews({ ...options, malformedRate: 0 });
    const lengths = rows.map((r) => r.text.length).sort((a, b) => a - b);
    assert.ok(lengths[0] < 80 && lengths[lengths.length - 1] > 800, `lengths ${lengths[0]}..${lengths[lengths.length - 1]}`);
    const html = rows.filter((r) => /<[a-z]/.test(r.text)).length;
    assert.ok(html > 60 && html < 300, `html ${html}`);
    const zeroVotes = rows.filter((r) => r.totalVotes === 0).length;
    assert.ok(zeroVotes > 900 && Math.max(...rows.map((r) => r.totalVotes)) > 100);
    assert.ok(rows.every((r) => r.helpfulVotes <= r.totalVotes));
    assert.ok(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(r.updatedAt) && r.updatedAt >= r.createdAt));
    assert.ok(rows.some((r) => !r.updatedAt.endsWith('000Z')));
  });

  test('microsecond text round-trips', () => {
    assert.equal(microsToIso(isoToMicros('2024-02-29T23:59:59.999Z') + 999), '2024-02-29T23:59:59.999999Z');
    assert.equal(microsToIso(1), '1970-01-01T00:00:00.000001Z');
  });

  test('malformed plan is evenly spread', () => {
    const marks = Array.from({ length: 1_000 }, (_, i) => malformedKindAt(i, 0.1));
    assert.equal(marks.filter(Boolean).length, 100);
    assert.equal(marks.slice(0, 500).filter(Boolean).length, 50);
  });
});
