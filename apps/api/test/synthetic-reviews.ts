import type { ClassifiedReview } from '@reviewlens/contracts';
import { relevanceScore } from '@reviewlens/domain';

/** Topic themes of the default themes file (themes/default.json). */
export const SYNTHETIC_THEMES = ['quality', 'defect', 'price', 'delivery', 'packaging', 'service', 'usability'] as const;
const POLARITIES = ['positive', 'negative', 'mixed'] as const;
/** A simplified version of the default legacy mapping (themes/default.json legacyLabels). */
function legacyOf(top: string | undefined, polarity: string | undefined, sentiment: number): string {
  if (top === 'defect') return 'product defect';
  if (top === 'delivery') return polarity === 'positive' ? 'delivery satisfaction' : 'delivery issue';
  if (top === 'price') return 'price value';
  if (top === 'quality') return 'product quality';
  return sentiment < 0 ? 'negative experience' : 'positive experience';
}
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
 * Aspect fields as the aspect engine writes them: 0–3 detected themes (independent scores, the top theme first when
 * any is detected), each with a polarity and an evidence that is a sentence of the text; sentiment in [-1, 1];
 * legacy category from a simplified mapping. About 1 review in 8 has no detected theme.
 */
export function syntheticReview(i: number, opts: { products?: number; runId?: string; now?: Date; idPrefix?: string } = {}): ClassifiedReview {
  const products = opts.products ?? 25_000;
  const now = opts.now ?? new Date('2025-01-01T00:00:00Z');
  const words = 5 + Math.floor(rand(i, 1) * 60);
  // Sentences of eight words, so that evidence can be one sentence of the text.
  const text = Array.from({ length: words }, (_, w) => `${WORDS[Math.floor(rand(i, 100 + w) * WORDS.length)]}${w % 8 === 7 && w < words - 1 ? '.' : ''}`).join(' ');
  const total = Math.floor(rand(i, 2) * 30);
  const helpful = Math.floor(rand(i, 3) * (total + 1));
  const themeIdx = Math.floor(rand(i, 4) * SYNTHETIC_THEMES.length);
  const confidence = 0.3 + rand(i, 5) * 0.7;
  const createdAt = new Date(now.getTime() - Math.floor(rand(i, 6) * 5 * 365) * 86_400_000).toISOString();
  // Independent calibrated scores: the top theme gets `confidence`, the others less.
  const themeScores: Record<string, number> = {};
  for (const [t, theme] of SYNTHETIC_THEMES.entries()) themeScores[theme] = t === themeIdx ? confidence : Math.round(rand(i, 20 + t) * confidence * 1e4) / 1e4;
  const ranked = [...SYNTHETIC_THEMES].sort((a, b) => themeScores[b]! - themeScores[a]! || (a < b ? -1 : 1));
  const detectedCount = rand(i, 13) < 0.125 ? 0 : 1 + Math.floor(rand(i, 14) * 3);
  const sentences = text.split(/(?<=\.) /);
  const themes = ranked.slice(0, detectedCount).map((theme, k) => ({
    theme, score: themeScores[theme]!, polarity: POLARITIES[Math.floor(rand(i, 30 + k) * POLARITIES.length)]!,
    evidence: sentences[k % sentences.length] ?? null,
  }));
  const sentiment = Math.round((rand(i, 15) * 2 - 1) * 1e4) / 1e4;
  const row = {
    reviewId: `${opts.idPrefix ?? 'r'}${i}`, runId: opts.runId ?? 'run-synthetic', productId: `p${i % products}`,
    productName: `Product ${i % products}`, category: 'Food', brand: null, userHash: `u${i % 100_003}`,
    title: rand(i, 7) < 0.8 ? `Title ${i}` : null, text, rating: 1 + Math.floor(rand(i, 8) * 5), helpfulVotes: helpful, totalVotes: total,
    language: LANGUAGES[Math.floor(rand(i, 9) * LANGUAGES.length)] ?? null, hasImage: rand(i, 10) < 0.15, hasSubscription: rand(i, 11) < 0.3,
    verifiedBuyer: rand(i, 12) < 0.7, createdAt, updatedAt: '2025-01-01 00:00:00.000000+00', textLength: text.length, wordCount: words,
    theme: SYNTHETIC_THEMES[themeIdx] as string, confidence, themeScores,
    themes, sentiment, sentimentLabel: sentiment > 0.2 ? 'positive' as const : sentiment < -0.2 ? 'negative' as const : 'neutral' as const,
    legacyCategory: legacyOf(themes[0]?.theme, themes[0]?.polarity, sentiment), detectedLanguage: 'en',
    modelId: 'synthetic', themesVersion: 'v1',
  };
  return { ...row, relevance: relevanceScore(row, now) };
}
