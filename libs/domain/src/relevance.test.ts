import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELEVANCE_WEIGHTS, relevanceComponents, relevanceScore, type RelevanceInput } from './relevance';

const NOW = new Date('2024-06-01T00:00:00Z');
const review = (over: Partial<RelevanceInput> = {}): RelevanceInput => ({
  helpfulVotes: 3,
  totalVotes: 4,
  confidence: 0.7,
  wordCount: 40,
  rating: 4,
  createdAt: '2024-01-01T00:00:00Z',
  hasImage: false,
  verifiedBuyer: true,
  ...over,
});

describe('relevanceScore', () => {
  test('weights sum to 1 and cover every component', () => {
    const sum = Object.values(RELEVANCE_WEIGHTS).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12, String(sum));
    assert.deepEqual(Object.keys(RELEVANCE_WEIGHTS).sort(), Object.keys(relevanceComponents(review(), NOW)).sort());
  });

  test('is independent of the batch: a function of the row and now only', () => {
    const r = review();
    const alone = relevanceScore(r, NOW);
    const others = [review({ wordCount: 5000, totalVotes: 1000, helpfulVotes: 1000 }), review({ wordCount: 1 })];
    const inBatch = [r, ...others].map((x) => relevanceScore(x, NOW))[0];
    assert.equal(inBatch, alone);
    assert.equal(relevanceScore({ ...r }, NOW), alone);
  });

  test('monotone in helpful votes and in confidence', () => {
    let previous = -1;
    for (let helpful = 0; helpful <= 20; helpful++) {
      const s = relevanceScore(review({ helpfulVotes: helpful, totalVotes: 20 }), NOW);
      assert.ok(s > previous, `helpful ${helpful}`);
      previous = s;
    }
    previous = -1;
    for (let c = 0; c <= 1; c += 0.1) {
      const s = relevanceScore(review({ confidence: c }), NOW);
      assert.ok(s > previous);
      previous = s;
    }
  });

  test('100/100 helpful beats 5/5; no votes earns no helpfulness', () => {
    assert.ok(relevanceScore(review({ helpfulVotes: 100, totalVotes: 100 }), NOW) > relevanceScore(review({ helpfulVotes: 5, totalVotes: 5 }), NOW));
    assert.equal(relevanceComponents(review({ helpfulVotes: 0, totalVotes: 0 }), NOW).helpfulness, 0);
  });

  test('length saturates: doubling a long review gains far less than doubling a short one', () => {
    const s = (w: number): number => relevanceScore(review({ wordCount: w }), NOW);
    assert.ok(s(20) < s(40) && s(40) < s(80));
    assert.ok(s(2000) - s(1000) < 1e-6);
    assert.ok(s(40) - s(20) > 100 * (s(2000) - s(1000)));
  });

  test('recency halves over the half-life; unknown dates get none; future dates count as new', () => {
    const age = (createdAt: string | null, halfLifeDays?: number): number =>
      relevanceComponents(review({ createdAt }), NOW, { halfLifeDays }).recency;
    assert.ok(Math.abs(age('2023-06-02T00:00:00Z') - 0.5) < 1e-9, '365 days = one default half-life');
    assert.ok(Math.abs(age('2024-05-02T00:00:00Z', 30) - 0.5) < 1e-9);
    assert.equal(age(null), 0);
    assert.equal(age('garbage'), 0);
    assert.equal(age('2024-06-01 12:00:00+00'), 1);
  });

  test('rating extremity: 1 and 5 score highest, 3 lowest', () => {
    const e = (rating: number): number => relevanceComponents(review({ rating }), NOW).extremity;
    assert.deepEqual([1, 2, 3, 4, 5].map(e), [1, 0.5, 0, 0.5, 1]);
  });

  test('output stays in [0, 1] for extreme and broken inputs', () => {
    const best = review({ helpfulVotes: 1e9, totalVotes: 1e9, confidence: 1, wordCount: 1e6, rating: 5, createdAt: NOW.toISOString(), hasImage: true, verifiedBuyer: true });
    const top = relevanceScore(best, NOW);
    assert.ok(top > 0.99 && top <= 1, String(top));
    const worst = review({ helpfulVotes: 0, totalVotes: 0, confidence: 0, wordCount: 0, rating: 3, createdAt: null, hasImage: false, verifiedBuyer: false });
    assert.equal(relevanceScore(worst, NOW), 0);
    const broken = review({ helpfulVotes: NaN, totalVotes: -5, confidence: 7, wordCount: -3, rating: NaN, createdAt: 'x' });
    const s = relevanceScore(broken, new Date(NaN));
    assert.ok(s >= 0 && s <= 1, String(s));
  });

  test('custom weights are honoured', () => {
    const onlyImage = { helpfulness: 0, confidence: 0, informativeness: 0, extremity: 0, recency: 0, hasImage: 1, verifiedBuyer: 0 };
    assert.equal(relevanceScore(review({ hasImage: true }), NOW, { weights: onlyImage }), 1);
    assert.equal(relevanceScore(review({ hasImage: false }), NOW, { weights: onlyImage }), 0);
  });
});
