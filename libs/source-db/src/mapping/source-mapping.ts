/**
 * Where each logical field the extractor reads lives in the source database.
 * A column set to `null` does not exist there: it is read as SQL NULL (or `false` for the derived flags).
 * A table set to `null` (images, subscriptions, orders) does not exist: its derived flag is always `false`.
 */
export interface SourceMapping {
  /** Optional PostgreSQL schema qualifying every table; otherwise the connection's search_path decides. */
  schema: string | null;
  review: {
    table: string;
    columns: {
      reviewId: string;
      buyerId: string | null;
      text: string;
      title: string | null;
      rating: string;
      helpfulVotes: string | null;
      totalVotes: string | null;
      language: string | null;
      createdAt: string | null;
      /** Must be a `timestamptz` column maintained on every change: it is the keyset watermark. */
      updatedAt: string;
    };
  };
  productReviews: { table: string; columns: { reviewId: string; productId: string } };
  product: {
    table: string;
    columns: { productId: string; name: string | null; category: string | null; brand: string | null };
  };
  reviewImages: { table: string; columns: { reviewId: string } } | null;
  /** `active: null` counts any subscription row as active. */
  subscription: { table: string; columns: { buyerId: string; active: string | null } } | null;
  orders: { table: string; columns: { buyerId: string; productId: string } } | null;
}

/** The schema created by this library's migrations (the original system's tables plus 0002). */
export const DEFAULT_SOURCE_MAPPING: SourceMapping = {
  schema: null,
  review: {
    table: 'review',
    columns: {
      reviewId: 'review_id',
      buyerId: 'buyer_id',
      text: 'r_desc',
      title: 'title',
      rating: 'rating',
      helpfulVotes: 'helpful_votes',
      totalVotes: 'total_votes',
      language: 'language',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
  },
  productReviews: { table: 'product_reviews', columns: { reviewId: 'review_id', productId: 'p_id' } },
  product: { table: 'product', columns: { productId: 'p_id', name: 'name', category: 'category', brand: 'brand' } },
  reviewImages: { table: 'review_images', columns: { reviewId: 'review_id' } },
  subscription: { table: 'subscription', columns: { buyerId: 'buyer_id', active: 'active' } },
  orders: { table: 'orders', columns: { buyerId: 'buyer_id', productId: 'p_id' } },
};
