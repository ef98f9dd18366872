import type { ClassifiedReview, CleanedReview } from '@reviewlens/contracts';
import type { RejectRecord } from './layer-rows';

/** Small fixed rows for the datalake's own unit and integration tests. */
export function sampleCleaned(i: number, overrides: Partial<CleanedReview> = {}): CleanedReview {
  const text = `Review number ${i}: solid product, would buy again.`;
  return {
    reviewId: `r${i}`, runId: 'run-1', productId: `p${i % 7}`, productName: `Product ${i % 7}`, category: 'Food',
    brand: null, userHash: `u${i}`, title: i % 3 === 0 ? null : `Title ${i}`, text, rating: 1 + (i % 5),
    helpfulVotes: i % 4, totalVotes: (i % 4) + 2, language: 'en', hasImage: i % 2 === 0, hasSubscription: i % 3 === 0,
    verifiedBuyer: i % 5 !== 0, createdAt: i % 4 === 0 ? null : '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-02 10:00:00.123456+00', textLength: text.length, wordCount: text.split(/\s+/).length,
    ...overrides,
  };
}

export function sampleCurated(i: number, overrides: Partial<ClassifiedReview> = {}): ClassifiedReview {
  return {
    ...sampleCleaned(i),
    theme: 'product quality', confidence: 0.75 + i / 1e6,
    themeScores: { 'product quality': 0.75 + i / 1e6, 'price value': 0.1 / 3, 'delivery issue': 0 },
    themes: i % 4 === 3 ? [] : [
      { theme: 'quality', score: 0.75 + i / 1e6, polarity: 'positive', evidence: 'solid product, would buy again.' },
      ...(i % 2 === 0 ? [{ theme: 'price', score: 0.5, polarity: 'mixed' as const, evidence: null }] : []),
    ],
    sentiment: i % 5 === 0 ? null : 0.8 - i / 100, sentimentLabel: i % 5 === 0 ? null : 'positive',
    legacyCategory: i % 6 === 0 ? null : 'product quality', detectedLanguage: i % 7 === 0 ? null : 'en',
    modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: 'v1', relevance: 0.123456789012345,
    ...overrides,
  };
}

export function sampleReject(i: number, overrides: Partial<RejectRecord> = {}): RejectRecord {
  return {
    reviewId: i % 2 === 0 ? null : `r${i}`, runId: 'run-1', batchId: 'b000001', reason: 'invalid_rating',
    detail: i % 3 === 0 ? null : `rating ${i} out of range`, raw: JSON.stringify({ reviewId: i, rating: 9, text: 'x' }),
    ...overrides,
  };
}
