import type { ClassifiedReview } from '@reviewlens/contracts';
import { compareByRelevance, topReviews, type TopReviewsQuery } from '@reviewlens/domain';
import { summariseProduct, summariseThemes, type ProductSummary, type ThemeSummary } from './snapshot-summary';

export interface SnapshotMeta {
  snapshotId: string;
  runId: string;
  createdAt: string;
  previousSnapshotId: string | null;
}

/**
 * In-memory index of one snapshot, immutable once built: reviews per product pre-sorted by relevance (best first),
 * and the summaries precomputed, so every read is a map lookup plus at most one scan of one product's reviews.
 */
export interface SnapshotIndex extends SnapshotMeta {
  loadedAt: Date;
  rowCount: number;
  byProduct: Map<string, ClassifiedReview[]>;
  productSummaries: Map<string, ProductSummary>;
  themes: ThemeSummary[];
}

export function buildSnapshotIndex(meta: SnapshotMeta, rows: ClassifiedReview[]): SnapshotIndex {
  const byProduct = new Map<string, ClassifiedReview[]>();
  for (const row of rows) {
    const list = byProduct.get(row.productId);
    if (list) list.push(row);
    else byProduct.set(row.productId, [row]);
  }
  const productSummaries = new Map<string, ProductSummary>();
  for (const [productId, list] of byProduct) {
    list.sort(compareByRelevance);
    productSummaries.set(productId, summariseProduct(productId, list));
  }
  return { ...meta, loadedAt: new Date(), rowCount: rows.length, byProduct, productSummaries, themes: summariseThemes(rows) };
}

/** Top reviews of a product; an unfiltered query is a slice of the pre-sorted list (same order as topReviews). */
export function topOfProduct(rows: readonly ClassifiedReview[], query: TopReviewsQuery): ClassifiedReview[] {
  const filtered = query.theme !== undefined || query.minRating !== undefined || (query.language ?? '').trim() !== '';
  return filtered ? topReviews(rows, query) : rows.slice(0, query.limit);
}
