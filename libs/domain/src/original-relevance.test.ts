import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originalRelevance, type OriginalRelevanceInput } from './original-relevance';
import { sharedFile } from './shared-data.fixture';

const GOLD = sharedFile('data/reference/seed_reviews_gold_bart_large_mnli.parquet');

const row = (over: Partial<OriginalRelevanceInput> = {}): OriginalRelevanceInput => ({
  confidence: 0.5, textLength: 100, rating: 5, hasImage: false, verifiedBuyer: false, hasSubscription: false, ...over,
});

test('weights of the original formula', () => {
  assert.ok(Math.abs(originalRelevance(row({ confidence: 1, textLength: 10, rating: 1, hasImage: true, verifiedBuyer: true, hasSubscription: true }), 10) - 1) < 1e-12);
  assert.equal(originalRelevance(row({ confidence: 0, textLength: 0, rating: 3 }), 10), 0);
  assert.equal(originalRelevance(row({ confidence: 0, textLength: 0, rating: 3, hasSubscription: true }), 10), 0.1);
  assert.equal(originalRelevance(row({ confidence: 0, textLength: 0, rating: 3 }), 0), 0, 'max length 0 does not divide by zero');
});

test('the original score of a review depends on the rest of its batch', () => {
  const r = row({ textLength: 100 });
  assert.notEqual(originalRelevance(r, 100), originalRelevance(r, 3000));
});

test('reproduces the reference relevance_score of the original system', { skip: GOLD === undefined ? 'shared reference data not found' : false }, async () => {
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
  const file = await asyncBufferFromFile(GOLD as string);
  const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
  assert.equal(rows.length, 100);
  const inputs = rows.map((r) => ({
    confidence: Number(r.confidence_score),
    // text_length is the code-point length of review_text; check that too.
    textLength: [...String(r.review_text)].length,
    rating: Number(r.rating),
    hasImage: r.has_image === true,
    verifiedBuyer: r.verified_buyer === true,
    hasSubscription: r.has_subscription === true,
  }));
  rows.forEach((r, i) => assert.equal(inputs[i].textLength, Number(r.text_length)));
  const maxLength = Math.max(...inputs.map((r) => r.textLength));
  let worst = 0;
  rows.forEach((r, i) => {
    worst = Math.max(worst, Math.abs(originalRelevance(inputs[i], maxLength) - Number(r.relevance_score)));
  });
  console.log(`original formula vs reference relevance_score: max abs error ${worst} over ${rows.length} rows (max_length ${maxLength})`);
  assert.ok(worst < 1e-6);
});
