import type { Pool } from 'pg';
import { DEFAULT_SOURCE_MAPPING, type SourceMapping } from '../mapping/source-mapping';
import { buildReviewQueries, type ReviewQueries } from './review-queries';
import type { FetchPageRequest, SourceCursor, SourcePage, SourceProduct, SourceReviewRow } from './source-review.types';

interface ReviewRecord {
  review_id: string;
  buyer_id: string | null;
  product_id: string | null;
  title: unknown;
  text: unknown;
  rating: unknown;
  helpful_votes: unknown;
  total_votes: unknown;
  language: unknown;
  created_at: string | null;
  updated_at: string;
  has_image: boolean;
  has_subscription: boolean;
  verified_buyer: boolean;
}

interface ProductRecord {
  product_id: string;
  name: string | null;
  category: string | null;
  brand: string | null;
}

function toRow(r: ReviewRecord): SourceReviewRow {
  return {
    reviewId: r.review_id,
    buyerId: r.buyer_id,
    productId: r.product_id,
    title: r.title,
    text: r.text,
    rating: r.rating,
    helpfulVotes: r.helpful_votes,
    totalVotes: r.total_votes,
    language: r.language,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    hasImage: r.has_image,
    hasSubscription: r.has_subscription,
    verifiedBuyer: r.verified_buyer,
  };
}

/**
 * Read-only access to the source reviews, paged with a keyset on (updated_at, review_id).
 * A run fixes `upTo = upperBound()` once, then pages with `after = page.last` until a page is empty.
 * Rows changed after the run started have updated_at > upTo and are picked up by the next run.
 */
export class SourceReviewRepository {
  private readonly queries: ReviewQueries;

  constructor(
    private readonly pool: Pool,
    mapping: SourceMapping = DEFAULT_SOURCE_MAPPING,
  ) {
    this.queries = buildReviewQueries(mapping);
  }

  /** Current max(updated_at) as microsecond ISO text, or null when the source has no reviews. */
  async upperBound(): Promise<string | null> {
    const { rows } = await this.pool.query<{ upper_bound: string | null }>(this.queries.upperBound);
    return rows[0]?.upper_bound ?? null;
  }

  /** Reviews with updated_at <= upTo (and after the cursor, if given): the size of a run, for progress. */
  async countUpTo(upTo: string, after: SourceCursor | null = null): Promise<number> {
    const { rows } = after
      ? await this.pool.query<{ count: string }>(this.queries.countAfterUpTo, [after.updatedAt, after.reviewId, upTo])
      : await this.pool.query<{ count: string }>(this.queries.countUpTo, [upTo]);
    return Number(rows[0].count);
  }

  /**
   * Whether the source has a review after `after` in the extraction's keyset order (updated_at, review_id), or any
   * review at all when `after` is null: what the continuous-mode poll asks before starting a run. One LIMIT 1 probe
   * on the (updated_at, review_id) index; no upper bound (a run fixes its own). Errors: the pool's (connection, SQL).
   */
  async hasRowsAfter(after: SourceCursor | null): Promise<boolean> {
    const { rows } = after
      ? await this.pool.query<{ found: boolean }>(this.queries.anyRowAfter, [after.updatedAt, after.reviewId])
      : await this.pool.query<{ found: boolean }>(this.queries.anyRow);
    return rows.length > 0;
  }

  async fetchPage({ after, upTo, limit }: FetchPageRequest): Promise<SourcePage> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const { rows } = after
      ? await this.pool.query<ReviewRecord>(this.queries.nextPage, [after.updatedAt, after.reviewId, upTo, limit])
      : await this.pool.query<ReviewRecord>(this.queries.firstPage, [upTo, limit]);
    const reviews = rows.map(toRow);
    const last = reviews.length > 0 ? { updatedAt: reviews[reviews.length - 1].updatedAt, reviewId: reviews[reviews.length - 1].reviewId } : null;
    return { rows: reviews, products: await this.products(reviews), last };
  }

  private async products(reviews: SourceReviewRow[]): Promise<SourceProduct[]> {
    const ids = [...new Set(reviews.map((r) => r.productId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<ProductRecord>(this.queries.products, [ids]);
    return rows.map((p) => ({ productId: p.product_id, name: p.name, category: p.category, brand: p.brand }));
  }
}
