import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClassifiedReviewSchema, type CleanedReview } from '@reviewlens/contracts';
import type { ThemeResult } from '@reviewlens/classification';
import { toClassifiedRows, toReviewInputs } from './classified-rows';

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

test('aspect results: detected themes (polarity, evidence), sentiment, legacy category, language and the per-row model', () => {
  const rows = [{ ...cleaned, title: 'Great taste', text: 'Tastes great. The box arrived crushed.' }, { ...cleaned, reviewId: 'r2', language: 'fr', text: 'Très bon.' }];
  const results: ThemeResult[] = [
    {
      theme: 'quality', confidence: 0.9, scores: { quality: 0.9, packaging: 0.7, price: 0.1 },
      themes: [
        { theme: 'quality', score: 0.9, polarity: 'positive', evidence: 'Tastes great.', evidenceSimilarity: 0.6 },
        { theme: 'packaging', score: 0.7, polarity: 'negative', evidence: 'The box arrived crushed.', evidenceSimilarity: 0.5 },
      ],
      sentiment: { label: 'mixed', score: 0.2 }, legacyLabel: 'product quality', language: 'en', modelId: 'Xenova/all-MiniLM-L6-v2',
    },
    {
      theme: 'quality', confidence: 0.3, scores: { quality: 0.3, packaging: 0.1, price: 0.1 }, themes: [],
      sentiment: { label: 'positive', score: 1.0000001 }, legacyLabel: null, language: 'fr', modelId: 'Xenova/multilingual-e5-small',
    },
  ];
  const [a, b] = toClassifiedRows(rows, results, model, new Date('2024-06-01'));
  for (const row of [a, b]) assert.ok(ClassifiedReviewSchema.safeParse(row).success, JSON.stringify(ClassifiedReviewSchema.safeParse(row).error?.issues));
  assert.deepEqual(a!.themes, [
    { theme: 'quality', score: 0.9, polarity: 'positive', evidence: 'Tastes great.' },
    { theme: 'packaging', score: 0.7, polarity: 'negative', evidence: 'The box arrived crushed.' },
  ]);
  assert.equal(a!.sentiment, 0.2);
  assert.equal(a!.sentimentLabel, 'mixed');
  assert.equal(a!.legacyCategory, 'product quality');
  assert.equal(a!.detectedLanguage, 'en');
  assert.equal(a!.modelId, 'Xenova/all-MiniLM-L6-v2');
  assert.equal(a!.themesVersion, model.themesVersion);
  assert.deepEqual(b!.themes, []);
  assert.equal(b!.sentiment, 1, 'clamped to [-1, 1]');
  assert.equal(b!.legacyCategory, null);
  assert.equal(b!.modelId, 'Xenova/multilingual-e5-small', 'the model that classified this row');
});

test('single-label results: no themes, null sentiment and legacy category, the classifier model', () => {
  const [row] = toClassifiedRows([cleaned], [{ theme: 't', confidence: 0.5, scores: { t: 0.5 } }], model, new Date('2024-06-01'));
  assert.deepEqual(row!.themes, []);
  assert.equal(row!.sentiment, null);
  assert.equal(row!.sentimentLabel, null);
  assert.equal(row!.legacyCategory, null);
  assert.equal(row!.detectedLanguage, null);
  assert.equal(row!.modelId, model.modelId);
});

test('the classifier reads text, title, rating and the source language of each row', () => {
  assert.deepEqual(toReviewInputs([{ ...cleaned, title: 'Quiet' }]), [{ text: 'Sturdy and quiet', title: 'Quiet', rating: 5, language: 'en' }]);
});
