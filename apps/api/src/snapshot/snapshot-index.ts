import type { ClassifiedReview } from '@reviewlens/contracts';
import { compareByRelevance, sourceInstant, topReviews, type TopReviewsQuery } from '@reviewlens/domain';
import { themePolarityCounts, type ThemePolarityCounts } from '@reviewlens/domain';
import { summariseCategories, summariseProduct, summariseThemes, type ProductSummary, type ThemeSummary } from './snapshot-summary';

export interface SnapshotMeta {
  snapshotId: string;
  runId: string;
  createdAt: string;
  previousSnapshotId: string | null;
}

/**
 * The fields of a review the api serves (the rest of the curated row is only needed for the summaries), plus
 * `sourceUpdatedAt`: when this version of the review entered the source (its source `updatedAt`, ISO 8601 UTC with
 * milliseconds; null if unreadable).
 */
export type ServedReview = Pick<ClassifiedReview,
  'reviewId' | 'rating' | 'title' | 'text' | 'theme' | 'confidence' | 'themeScores' | 'themes' | 'sentiment' |
  'sentimentLabel' | 'legacyCategory' | 'detectedLanguage' | 'relevance' | 'helpfulVotes' | 'totalVotes' | 'language' |
  'createdAt' | 'verifiedBuyer' | 'hasImage' | 'modelId' | 'themesVersion'> & { sourceUpdatedAt: string | null };

/**
 * How fresh the served snapshot is, computed once per load (the metrics only subtract these from now).
 * - `newestChangeMs`: max source updatedAt over the served rows (epoch ms).
 * - `latestChangesRunId`: the run whose changes are the latest served: the snapshot's own run when it changed served
 *   rows, else (an incremental run that changed nothing, a rollback) the run of the newest served change.
 * - `oldestLatestChangeMs`: min source updatedAt among the served rows of that run: its change that waited longest.
 * Nulls when the snapshot has no row with a readable source updatedAt.
 */
export interface SnapshotFreshness {
  newestChangeMs: number | null;
  latestChangesRunId: string | null;
  oldestLatestChangeMs: number | null;
}

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
  freshness: SnapshotFreshness;
}

/** Folds rows' source updatedAt (epoch ms) per run into {@link SnapshotFreshness}; see there. */
export class FreshnessAccumulator {
  private newest: { ms: number; runId: string } | null = null;
  private readonly oldestByRun = new Map<string, number>();

  add(runId: string, updatedAtMs: number): void {
    if (!this.newest || updatedAtMs > this.newest.ms) this.newest = { ms: updatedAtMs, runId };
    const oldest = this.oldestByRun.get(runId);
    if (oldest === undefined || updatedAtMs < oldest) this.oldestByRun.set(runId, updatedAtMs);
  }

  /** `snapshotRunId`: the run that published the snapshot (its manifest's runId). */
  result(snapshotRunId: string): SnapshotFreshness {
    if (!this.newest) return { newestChangeMs: null, latestChangesRunId: null, oldestLatestChangeMs: null };
    const runId = this.oldestByRun.has(snapshotRunId) ? snapshotRunId : this.newest.runId;
    return { newestChangeMs: this.newest.ms, latestChangesRunId: runId, oldestLatestChangeMs: this.oldestByRun.get(runId) ?? null };
  }
}

/**
 * Gauge values at `nowMs`, in seconds (ms precision): `freshestChangeAgeSeconds` = now − newest served change;
 * `stalestChangeAgeSeconds` = now − the oldest change of the latest changes' run. NaN when unknown (no snapshot, no
 * readable source updatedAt), so an alert comparing them stays silent rather than seeing a fake 0.
 */
export function freshnessAges(freshness: SnapshotFreshness | null, nowMs: number): { freshestChangeAgeSeconds: number; stalestChangeAgeSeconds: number } {
  const age = (ms: number | null | undefined): number => (ms === null || ms === undefined ? Number.NaN : Math.round(nowMs - ms) / 1000);
  return { freshestChangeAgeSeconds: age(freshness?.newestChangeMs), stalestChangeAgeSeconds: age(freshness?.oldestLatestChangeMs) };
}

const served = (r: ClassifiedReview, sourceUpdatedAt: string | null): ServedReview => ({
  reviewId: r.reviewId, rating: r.rating, title: r.title, text: r.text, theme: r.theme, confidence: r.confidence,
  themeScores: r.themeScores, themes: r.themes ?? [], sentiment: r.sentiment ?? null, sentimentLabel: r.sentimentLabel ?? null,
  legacyCategory: r.legacyCategory ?? null, detectedLanguage: r.detectedLanguage ?? null, relevance: r.relevance, helpfulVotes: r.helpfulVotes, totalVotes: r.totalVotes,
  language: r.language, createdAt: r.createdAt, verifiedBuyer: r.verifiedBuyer, hasImage: r.hasImage,
  modelId: r.modelId, themesVersion: r.themesVersion, sourceUpdatedAt,
});

/** Lets queued requests run between chunks of indexing work, so a hot swap does not stall the event loop for seconds. */
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const CHUNK = 25_000;

/**
 * Builds the index of one snapshot's rows (see {@link SnapshotIndex}) and its freshness, yielding to the event loop
 * every 25k rows. An unreadable source updatedAt gives `sourceUpdatedAt: null` and is left out of the freshness.
 */
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
  const freshness = new FreshnessAccumulator();
  const toServed = (r: ClassifiedReview): ServedReview => {
    const updated = sourceInstant(r.updatedAt);
    if (updated) freshness.add(r.runId, updated.epochMs);
    return served(r, updated?.iso ?? null);
  };
  let done = 0;
  for (const [productId, list] of grouped) {
    list.sort(compareByRelevance);
    productSummaries.set(productId, summariseProduct(productId, list));
    byProduct.set(productId, list.map(toServed));
    done += list.length;
    if (done >= CHUNK) { done = 0; await yieldToRequests(); }
  }
  return {
    ...meta, loadedAt: new Date(), rowCount: rows.length, byProduct, productSummaries, themes, categories, themePolarity,
    freshness: freshness.result(meta.runId),
  };
}

/** Top reviews of a product; an unfiltered query is a slice of the pre-sorted list (same order as topReviews). */
export function topOfProduct(rows: readonly ServedReview[], query: TopReviewsQuery): ServedReview[] {
  const filtered = query.theme !== undefined || query.polarity !== undefined || query.minRating !== undefined || (query.language ?? '').trim() !== '';
  return filtered ? topReviews(rows, query) : rows.slice(0, query.limit);
}
