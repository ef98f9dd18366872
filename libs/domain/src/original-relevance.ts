/** The fields the original system's relevance formula reads. */
export interface OriginalRelevanceInput {
  confidence: number;
  textLength: number;
  rating: number;
  hasImage: boolean;
  verifiedBuyer: boolean;
  hasSubscription: boolean;
}

/**
 * The original pipeline's relevance, kept for reference and comparison only:
 * 0.40·confidence + 0.25·length/max_length + 0.15·|rating−3|/2 + 0.05·has_image + 0.05·verified_buyer
 * + 0.10·has_subscription, where max_length is the longest text of the batch it was computed over.
 * Its score for a review therefore changes with whatever else is in the batch (see docs/relevance.md).
 */
export function originalRelevance(row: OriginalRelevanceInput, maxLengthInBatch: number): number {
  const lengthShare = maxLengthInBatch > 0 ? row.textLength / maxLengthInBatch : 0;
  return (
    0.4 * row.confidence +
    0.25 * lengthShare +
    (0.15 * Math.abs(row.rating - 3)) / 2 +
    0.05 * Number(row.hasImage) +
    0.05 * Number(row.verifiedBuyer) +
    0.1 * Number(row.hasSubscription)
  );
}
