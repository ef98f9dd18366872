/** Reason codes for rows rejected by the cleaner. Stable strings: they are counted, stored and shown to ops. */
export const REJECT_REASONS = [
  'missing_review_id',
  'duplicate_review_id',
  'missing_product_id',
  'unknown_product',
  'invalid_rating',
  'empty_review_raw',
  'empty_after_cleaning',
  'text_too_long',
  'invalid_utf8',
  'future_date',
  'invalid_date',
  'invalid_type',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Reasons a whole job ends up in the dead-letter queue. */
export const JOB_FAILURE_REASONS = ['invalid_payload', 'retries_exhausted', 'stalled_too_often'] as const;
export type JobFailureReason = (typeof JOB_FAILURE_REASONS)[number];

export type DeadLetterReason = RejectReason | JobFailureReason;
