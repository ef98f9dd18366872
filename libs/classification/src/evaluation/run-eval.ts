import type { ThemeClassifier, ThemeResult } from '../classifier.types';
import { compileKeywords, keywordCounts } from '../aspect/keywords';
import { detectLanguage } from '../aspect/language';
import { reviewText } from '../aspect/segments';
import type { ThemesFile } from '../themes.schema';
import type { LabelledReview, Polarity } from './labelled-reviews';
import { evaluate, type EvaluationReport, type Prediction } from './metrics';

/** Classify labelled reviews in batches of `batchSize` (title, text, rating and source language passed on). */
export async function classifyLabelled(classifier: ThemeClassifier, reviews: readonly LabelledReview[], batchSize = 64): Promise<ThemeResult[]> {
  const out: ThemeResult[] = [];
  for (let i = 0; i < reviews.length; i += batchSize) {
    out.push(...await classifier.classify(reviews.slice(i, i + batchSize).map((r) => ({ title: r.title, text: r.text, rating: r.rating, language: r.language }))));
  }
  return out;
}

/** Polarity from the star rating alone: 4–5 positive, 1–2 negative, 3 mixed (unknown: positive); fixed-polarity themes keep theirs. */
export function ratingPolarity(rating: number | null, fixed?: string): Polarity {
  if (fixed === 'negative' || fixed === 'positive') return fixed;
  return rating === null || rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'mixed';
}

/** Predictions of the aspect engine (every detected theme, top theme = highest score). */
export function aspectPredictions(results: readonly ThemeResult[]): Prediction[] {
  return results.map((r) => ({
    themes: (r.themes ?? []).map((t) => ({ theme: t.theme, polarity: t.polarity })),
    top: r.themes?.[0]?.theme ?? null, sentiment: r.sentiment?.label ?? null,
  }));
}

/** Single-label predictions: only the top theme of each result (the old design's cap), polarity kept. */
export function topOnlyPredictions(results: readonly ThemeResult[]): Prediction[] {
  return results.map((r) => {
    const top = r.themes?.[0] ?? null;
    return { themes: top ? [{ theme: top.theme, polarity: top.polarity }] : [{ theme: r.theme, polarity: null }], top: top?.theme ?? r.theme };
  });
}

/**
 * Keyword baseline: a theme is present when any of its keywords (themes file, detected language) occurs; polarity
 * from the rating; top theme = the one with most keyword hits. The reference every method is compared with.
 */
export function keywordPredictions(themes: ThemesFile['themes'], reviews: readonly LabelledReview[]): Prediction[] {
  const matcher = compileKeywords(themes);
  return reviews.map((r) => {
    const text = reviewText(r.title, r.text);
    const counts = keywordCounts(matcher, text, detectLanguage(text, r.language));
    const hits = themes.map((t, i) => ({ theme: t.label, n: counts[i], fixed: t.polarity })).filter((x) => x.n > 0);
    hits.sort((a, b) => b.n - a.n);
    const sentiment = r.rating === null ? null : r.rating >= 4 ? 'positive' : r.rating <= 2 ? 'negative' : 'mixed';
    return { themes: hits.map((h) => ({ theme: h.theme, polarity: ratingPolarity(r.rating, h.fixed) })), top: hits[0]?.theme ?? null, sentiment };
  });
}

export const evaluateOn = (themes: ThemesFile['themes'], reviews: readonly LabelledReview[], predictions: readonly Prediction[]): EvaluationReport =>
  evaluate(themes.map((t) => t.label), reviews.map((r) => ({ themes: r.themes, sentiment: r.sentiment })), predictions);
