import type { MalformedKind } from '@reviewlens/source-db';

/** What the sample generator's plan says each malformed kind must be rejected as (the tests' source of truth). */
export const SAMPLE_REJECT_REASON: Record<MalformedKind, string> = {
  null_rating: 'invalid_rating',
  rating_zero: 'invalid_rating',
  rating_seven: 'invalid_rating',
  empty_text: 'empty_review_raw',
  whitespace_text: 'empty_review_raw',
  html_only_text: 'empty_after_cleaning',
  missing_product_link: 'missing_product_id',
};
