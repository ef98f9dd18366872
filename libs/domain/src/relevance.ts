import { parseTimestamp } from './parse-timestamp';
import { wilsonLowerBound } from './wilson-score';

/** The parts of the relevance score, each in [0, 1]. */
export type RelevanceComponent =
  | 'helpfulness'
  | 'confidence'
  | 'informativeness'
  | 'extremity'
  | 'recency'
  | 'hasImage'
  | 'verifiedBuyer';

/** Weights of the components; they sum to 1, so the score stays in [0, 1]. Rationale in docs/relevance.md. */
export const RELEVANCE_WEIGHTS = {
  helpfulness: 0.25,
  confidence: 0.2,
  informativeness: 0.2,
  extremity: 0.1,
  recency: 0.1,
  hasImage: 0.08,
  verifiedBuyer: 0.07,
} as const satisfies Record<RelevanceComponent, number>;

export interface RelevanceOptions {
  weights?: Record<RelevanceComponent, number>;
  /** Age at which the recency component halves. Default 365 days. */
  halfLifeDays?: number;
  /** Word count at which informativeness reaches 1 − 1/e ≈ 0.63 (≈ 0.95 at three times it). Default 40. */
  wordScale?: number;
}

export const DEFAULT_HALF_LIFE_DAYS = 365;
export const DEFAULT_WORD_SCALE = 40;

/** The fields the score reads (a subset of ClassifiedReview). */
export interface RelevanceInput {
  helpfulVotes: number;
  totalVotes: number;
  confidence: number;
  wordCount: number;
  rating: number;
  createdAt: string | null;
  hasImage: boolean;
  verifiedBuyer: boolean;
}

const DAY_MS = 86_400_000;
const unit = (x: number): number => (Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0);

/** Each component of a review's relevance, in [0, 1]. Depends on the review and `now` only, never on other reviews. */
export function relevanceComponents(row: RelevanceInput, now: Date, options: RelevanceOptions = {}): Record<RelevanceComponent, number> {
  const halfLife = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  const wordScale = options.wordScale ?? DEFAULT_WORD_SCALE;
  const created = row.createdAt === null ? null : parseTimestamp(row.createdAt);
  // Unknown age earns no recency credit; a date slightly ahead of `now` (clock skew) counts as brand new.
  const ageDays = created === null ? Infinity : Math.max(0, (now.getTime() - created.epochMs) / DAY_MS);
  return {
    helpfulness: unit(wilsonLowerBound(row.helpfulVotes, row.totalVotes)),
    confidence: unit(row.confidence),
    informativeness: unit(1 - Math.exp(-Math.max(row.wordCount, 0) / wordScale)),
    extremity: unit(Math.abs(row.rating - 3) / 2),
    recency: unit(Math.pow(0.5, ageDays / halfLife)),
    hasImage: row.hasImage ? 1 : 0,
    verifiedBuyer: row.verifiedBuyer ? 1 : 0,
  };
}

/**
 * Relevance of one review in [0, 1]: weighted sum of {@link relevanceComponents}.
 * Pass the run's reference time as `now` (not the wall clock) so re-running a batch reproduces its scores.
 */
export function relevanceScore(row: RelevanceInput, now: Date, options: RelevanceOptions = {}): number {
  const weights = options.weights ?? RELEVANCE_WEIGHTS;
  const parts = relevanceComponents(row, now, options);
  let score = 0;
  for (const key of Object.keys(RELEVANCE_WEIGHTS) as RelevanceComponent[]) score += weights[key] * parts[key];
  return unit(score);
}
