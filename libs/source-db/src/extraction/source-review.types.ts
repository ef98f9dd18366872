/** Keyset position: the last (updated_at, review_id) already read. `updatedAt` is PostgreSQL text (µs), never a Date. */
export interface SourceCursor {
  updatedAt: string;
  reviewId: string;
}

/** One review as stored in the source, plus the derived flags. Values are raw: judging them is the cleaner's job. */
export interface SourceReviewRow {
  reviewId: string;
  /** Raw buyer id (the extractor pseudonymises it). */
  buyerId: string | null;
  /** Null when the review has no product_reviews link (the cleaner rejects it). */
  productId: string | null;
  title: unknown;
  text: unknown;
  rating: unknown;
  helpfulVotes: unknown;
  totalVotes: unknown;
  language: unknown;
  createdAt: string | null;
  updatedAt: string;
  hasImage: boolean;
  hasSubscription: boolean;
  verifiedBuyer: boolean;
}

export interface SourceProduct {
  productId: string;
  name: string | null;
  category: string | null;
  brand: string | null;
}

export interface FetchPageRequest {
  /** Exclusive lower bound; null starts from the beginning. */
  after: SourceCursor | null;
  /** Inclusive upper bound on updated_at (text from `upperBound()`), fixed for a whole run. */
  upTo: string;
  limit: number;
}

export interface SourcePage {
  rows: SourceReviewRow[];
  /** Distinct products referenced by `rows`. */
  products: SourceProduct[];
  /** Cursor of the last row, to pass as `after` for the next page; null when the page is empty. */
  last: SourceCursor | null;
}
