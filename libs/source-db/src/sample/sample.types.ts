export const MALFORMED_KINDS = [
  'null_rating',
  'rating_zero',
  'rating_seven',
  'empty_text',
  'whitespace_text',
  'html_only_text',
  'missing_product_link',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface SampleOptions {
  reviews: number;
  seed: number;
  /** Share of deliberately malformed reviews, spread evenly (exactly floor(reviews * rate) of them). */
  malformedRate: number;
  /** created_at range of the generated reviews (fixed defaults keep the data deterministic). */
  from: string;
  to: string;
}

export const DEFAULT_SAMPLE_OPTIONS: SampleOptions = {
  reviews: 10_000,
  seed: 42,
  malformedRate: 0.02,
  from: '2021-01-01T00:00:00Z',
  to: '2025-01-01T00:00:00Z',
};

export interface SampleProduct {
  pId: string;
  name: string;
  category: string;
  brand: string;
  price: string;
}

export interface SampleBuyer {
  buyerId: string;
  name: string;
  email: string;
  createdAt: string;
}

export interface SampleSubscription {
  buyerId: string;
  plan: string;
  active: boolean;
  startedAt: string;
}

export interface SampleReview {
  reviewId: string;
  buyerId: string;
  /** Null: deliberately not linked through product_reviews. */
  productId: string | null;
  title: string | null;
  text: string;
  rating: number | null;
  helpfulVotes: number;
  totalVotes: number;
  language: string | null;
  createdAt: string;
  updatedAt: string;
  imageUrls: string[];
  /** The order making this buyer a verified buyer of the product, if any. */
  order: { orderId: string; productId: string; orderDate: string } | null;
  malformed: MalformedKind | null;
}
