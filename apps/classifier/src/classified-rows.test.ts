import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClassifiedReviewSchema, type CleanedReview } from '@reviewlens/contracts';
import { toClassifiedRows } from './classified-rows';

const cleaned: CleanedReview = {
  reviewId: 'r1', runId: 'run', productId: 'p1', productName: null, category: null, brand: null, userHash: null, title: null,
  text: 'Sturdy and quiet', rating: 5, helpfulVotes: 4, totalVotes: 5, language: 'en', hasImage: false, hasSubscription: false,
  verifiedBuyer: true, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01 00:00:00+00', textLength: 16, wordCount: 3,
};
const model = { modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: 'v1-abc' };

test('classified rows carry theme, confidence, every score, model and a relevance in [0,1]', () => {
  const [row] = toClassifiedRows([cleaned], [{ theme: 'product quality', confidence: 0.6, scores: { 'product quality': 0.6, 'price value': 0.4 } }], model, new Date('2024-06-01'));
  assert.ok(ClassifiedReviewSchema.safeParse(row).success);
  assert.equal(row!.theme, 'product quality');
  assert.deepEqual(row!.themeScores, { 'product quality': 0.6, 'price value': 0.4 });
  assert.equal(row!.modelId, model.modelId);
  assert.ok(row!.relevance > 0 && row!.relevance <= 1);
});

test('relevance depends on the batch reference time, not the wall clock, and on confidence', () => {
  const at = new Date('2024-06-01');
  const r = (confidence: number) => toClassifiedRows([cleaned], [{ theme: 't', confidence, scores: { t: confidence } }], model, at)[0]!.relevance;
  assert.equal(r(0.5), r(0.5));
  assert.ok(r(0.9) > r(0.2));
});

test('a result count that does not match the rows is an error, not a silent misalignment', () => {
  assert.throws(() => toClassifiedRows([cleaned, cleaned], [{ theme: 't', confidence: 1, scores: { t: 1 } }], model, new Date()), /1 results for 2 rows/);
});
