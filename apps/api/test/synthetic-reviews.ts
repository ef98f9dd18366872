import type { ClassifiedReview } from '@reviewlens/contracts';
import { relevanceScore } from '@reviewlens/domain';

export const SYNTHETIC_THEMES = ['product quality', 'price value', 'delivery issue', 'packaging', 'taste', 'customer service', 'other'] as const;
const LANGUAGES = ['en', 'en-gb', 'fr', 'de', 'es', null] as const;
const WORDS = ['great', 'product', 'arrived', 'late', 'tastes', 'fresh', 'price', 'box', 'broken', 'love', 'again', 'would', 'buy', 'not', 'really', 'good', 'value', 'quick', 'service', 'helpful'];

/** Deterministic pseudo-random in [0, 1) from an integer (no shared state: row i is the same in every process). */
function rand(i: number, salt: number): number {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x / 2 ** 32;
}

/**
 * Review number `i` of a synthetic curated snapshot: `products` products, ratings, votes, themes, languages and
 * dates spread pseudo-randomly, and relevance computed with the documented score (libs/domain relevanceScore).
 */
export function syntheticReview(i: number, opts: { products?: number; runId?: string; now?: Date; idPrefix?: string } = {}): ClassifiedReview {
  const products = opts.products ?? 25_000;
  const now = opts.now ?? new Date('2025-01-01T00:00:00Z');
  const words = 5 + Math.floor(rand(i, 1) * 60);
  const text = Array.from({ length: words }, (_, w) => WORDS[Math.floor(rand(i, 100 + w) * WORDS.length)]).join(' ');
  const total = Math.floor(rand(i, 2) * 30);
  const helpful = Math.floor(rand(i, 3) * (total + 1));
  const themeIdx = Math.floor(rand(i, 4) * SYNTHETIC_THEMES.length);
  const confidence = 0.3 + rand(i, 5) * 0.7;
  const createdAt = new Date(now.getTime() - Math.floor(rand(i, 6) * 5 * 365) * 86_400_000).toISOString();
  const themeScores: Record<string, number> = {};
  for (const [t, theme] of SYNTHETIC_THEMES.entries()) themeScores[theme] = t === themeIdx ? confidence : (1 - confidence) / (SYNTHETIC_THEMES.length - 1);
  const row = {
    reviewId: `${opts.idPrefix ?? 'r'}${i}`, runId: opts.runId ?? 'run-synthetic', productId: `p${i % products}`,
    productName: `Product ${i % products}`, category: 'Food', brand: null, userHash: `u${i % 100_003}`,
    title: rand(i, 7) < 0.8 ? `Title ${i}` : null, text, rating: 1 + Math.floor(rand(i, 8) * 5), helpfulVotes: helpful, totalVotes: total,
    language: LANGUAGES[Math.floor(rand(i, 9) * LANGUAGES.length)] ?? null, hasImage: rand(i, 10) < 0.15, hasSubscription: rand(i, 11) < 0.3,
    verifiedBuyer: rand(i, 12) < 0.7, createdAt, updatedAt: '2025-01-01 00:00:00.000000+00', textLength: text.length, wordCount: words,
    theme: SYNTHETIC_THEMES[themeIdx] as string, confidence, themeScores, modelId: 'synthetic', themesVersion: 'v1',
  };
  return { ...row, relevance: relevanceScore(row, now) };
}
