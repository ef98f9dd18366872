import type { ClassifiedReview } from '@reviewlens/contracts';
import { compareByRelevance, topReviews, type TopReviewsQuery } from '@reviewlens/domain';
import { themePolarityCounts, type ThemePolarityCounts } from '@reviewlens/domain';
import { summariseCategories, summariseProduct, summariseThemes, type ProductSummary, type ThemeSummary } from './snapshot-summary';

export interface SnapshotMeta {
  snapshotId: string;
  runId: string;
  createdAt: string;
  previousSnapshotId: string | null;
}

/** The fields of a review the api serves (the rest of the curated row is only needed for the summaries). */
export type ServedReview = Pick<ClassifiedReview,
  'reviewId' | 'rating' | 'title' | 'text' | 'theme' | 'confidence' | 'themeScores' | 'themes' | 'sentiment' |
  'sentimentLabel' | 'legacyCategory' | 'detectedLanguage' | 'relevance' | 'helpfulVotes' | 'totalVotes' | 'language' |
  'createdAt' | 'verifiedBuyer' | 'hasImage' | 'modelId' | 'themesVersion'>;

/**
 * In-memory index of one snapshot, immutable once built: reviews per product pre-sorted by relevance (best first),
 * and the summaries precomputed, so every read is a map lookup plus at most one scan of one product's reviews.
 */
export interface SnapshotIndex extends SnapshotMeta {
  loadedAt: Date;
  rowCount: number;
  byProduct: Map<string, ServedReview[]>;
  productSummaries: Map<string, ProductSummary>;
  /** Per top theme (each review once). */
  themes: ThemeSummary[];
  /** Per legacy category (each review once): vw_reviews_by_category. */
  categories: ThemeSummary[];
  /** Per detected theme across the snapshot: reviews by polarity and mean sentiment. */
  themePolarity: Record<string, ThemePolarityCounts>;
}

const served = (r: ClassifiedReview): ServedReview => ({
  reviewId: r.reviewId, rating: r.rating, title: r.title, text: r.text, theme: r.theme, confidence: r.confidence,
  themeScores: r.themeScores, themes: r.themes ?? [], sentiment: r.sentiment ?? null, sentimentLabel: r.sentimentLabel ?? null,
  legacyCategory: r.legacyCategory ?? null, detectedLanguage: r.detectedLanguage ?? null, relevance: r.relevance, helpfulVotes: r.helpfulVotes, totalVotes: r.totalVotes,
  language: r.language, createdAt: r.createdAt, verifiedBuyer: r.verifiedBuyer, hasImage: r.hasImage,
  modelId: r.modelId, themesVersion: r.themesVersion,
});

/** Lets queued requests run between chunks of indexing work, so a hot swap does not stall the event loop for seconds. */
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const CHUNK = 25_000;

export async function buildSnapshotIndex(meta: SnapshotMeta, rows: ClassifiedReview[]): Promise<SnapshotIndex> {
  const grouped = new Map<string, ClassifiedReview[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ClassifiedReview;
    const list = grouped.get(row.productId);
    if (list) list.push(row);
    else grouped.set(row.productId, [row]);
    if (i % CHUNK === CHUNK - 1) await yieldToRequests();
  }
  const themes = summariseThemes(rows);
  const categories = summariseCategories(rows);
  const themePolarity = themePolarityCounts(rows);
  await yieldToRequests();
  const byProduct = new Map<string, ServedReview[]>();
  const productSummaries = new Map<string, ProductSummary>();
  let done = 0;
  for (const [productId, list] of grouped) {
    list.sort(compareByRelevance);
    productSummaries.set(productId, summariseProduct(productId, list));
    byProduct.set(productId, list.map(served));
    done += list.length;
    if (done >= CHUNK) { done = 0; await yieldToRequests(); }
  }
  return { ...meta, loadedAt: new Date(), rowCount: rows.length, byProduct, productSummaries, themes, categories, themePolarity };
}

/** Top reviews of a product; an unfiltered query is a slice of the pre-sorted list (same order as topReviews). */
export function topOfProduct(rows: readonly ServedReview[], query: TopReviewsQuery): ServedReview[] {
  const filtered = query.theme !== undefined || query.polarity !== undefined || query.minRating !== undefined || (query.language ?? '').trim() !== '';
  return filtered ? topReviews(rows, query) : rows.slice(0, query.limit);
}
