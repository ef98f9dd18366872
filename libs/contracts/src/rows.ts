import { z } from 'zod';

/**
 * A review as the extractor publishes it: source values untouched except pseudonymisation.
 * Row contents are deliberately loose (`unknown`): judging them is the cleaner's job, with reason codes.
 */
export const RawReviewSchema = z.object({
  reviewId: z.unknown(),
  productId: z.unknown(),
  userHash: z.string().nullable(),
  title: z.unknown(),
  text: z.unknown(),
  rating: z.unknown(),
  helpfulVotes: z.unknown(),
  totalVotes: z.unknown(),
  language: z.unknown(),
  hasImage: z.boolean(),
  hasSubscription: z.boolean(),
  verifiedBuyer: z.boolean(),
  createdAt: z.string().nullable(),
  /** Keyset cursor part, carried as PostgreSQL text (microseconds), never as a JS Date. */
  updatedAt: z.string(),
}).passthrough();
export type RawReview = z.infer<typeof RawReviewSchema>;

export const ProductInfoSchema = z.object({
  productId: z.string(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  brand: z.string().nullable(),
});
export type ProductInfo = z.infer<typeof ProductInfoSchema>;

/** A valid, normalised, enriched review (cleaned layer). */
export const CleanedReviewSchema = z.object({
  reviewId: z.string(),
  runId: z.string(),
  productId: z.string(),
  productName: z.string().nullable(),
  category: z.string().nullable(),
  brand: z.string().nullable(),
  userHash: z.string().nullable(),
  title: z.string().nullable(),
  text: z.string(),
  rating: z.number().int().min(1).max(5),
  helpfulVotes: z.number().int().nonnegative(),
  totalVotes: z.number().int().nonnegative(),
  language: z.string().nullable(),
  hasImage: z.boolean(),
  hasSubscription: z.boolean(),
  verifiedBuyer: z.boolean(),
  createdAt: z.string().nullable(),
  updatedAt: z.string(),
  textLength: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
});
export type CleanedReview = z.infer<typeof CleanedReviewSchema>;

/** Polarity of one detected theme: what the review says of that topic. */
export const ThemePolaritySchema = z.enum(['positive', 'negative', 'mixed']);
export type ThemePolarity = z.infer<typeof ThemePolaritySchema>;

/** Overall sentiment label of a review (aspect engine). */
export const SentimentLabelSchema = z.enum(['positive', 'negative', 'mixed', 'neutral']);
export type SentimentLabel = z.infer<typeof SentimentLabelSchema>;

/**
 * One theme detected in a review (multi-label): `score` is the calibrated probability-like score in [0, 1] that
 * reached the theme's threshold; `evidence` is the title, sentence or clause that carried it (a substring of the
 * review's title or text; null when the review had no segment).
 */
export const DetectedThemeSchema = z.object({
  theme: z.string(),
  score: z.number().min(0).max(1),
  polarity: ThemePolaritySchema,
  evidence: z.string().nullable(),
});
export type DetectedThemeRow = z.infer<typeof DetectedThemeSchema>;

/**
 * A classified review (curated layer).
 * - `theme`, `confidence`, `themeScores`: the top theme, its score and every label's score. Kept for ranking and
 *   compatibility. With the aspect engine the scores are independent calibrated scores in [0, 1] (multi-label, they do
 *   not sum to 1) and `confidence` is the top theme's score; with nli/embedding they are a distribution summing to ~1.
 * - `themes`: the themes detected (score at or above the theme's threshold), highest score first; [] when none, and
 *   always [] for the single-label engines (nli, embedding).
 * - `sentiment`: overall sentiment, -1 (negative) to 1 (positive); `sentimentLabel` its label. Null for nli/embedding.
 * - `legacyCategory`: the original system's label (one of its seven categories) derived from the themes through the
 *   themes file's `legacyLabels` mapping; null when the mapping gives none or the engine has no mapping.
 * - `detectedLanguage`: language detected from the text (ISO 639-1) or null; `language` stays the source's value.
 * - `modelId`: the model that classified this review (language routing may pick the multilingual one);
 *   `themesVersion`: the themes file version.
 */
export const ClassifiedReviewSchema = CleanedReviewSchema.extend({
  theme: z.string(),
  confidence: z.number().min(0).max(1),
  themeScores: z.record(z.number()),
  themes: z.array(DetectedThemeSchema).default([]),
  sentiment: z.number().min(-1).max(1).nullable().default(null),
  sentimentLabel: SentimentLabelSchema.nullable().default(null),
  legacyCategory: z.string().nullable().default(null),
  detectedLanguage: z.string().nullable().default(null),
  modelId: z.string(),
  themesVersion: z.string(),
  relevance: z.number(),
});
export type ClassifiedReview = z.infer<typeof ClassifiedReviewSchema>;
