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

/** A classified review (curated layer). `themeScores` holds every label's score. */
export const ClassifiedReviewSchema = CleanedReviewSchema.extend({
  theme: z.string(),
  confidence: z.number().min(0).max(1),
  themeScores: z.record(z.number()),
  modelId: z.string(),
  themesVersion: z.string(),
  relevance: z.number(),
});
export type ClassifiedReview = z.infer<typeof ClassifiedReviewSchema>;
