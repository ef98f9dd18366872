import { topK } from './top-k';

/** The fields ranking reads (a subset of ClassifiedReview). */
export interface RankableReview {
  reviewId: string;
  relevance: number;
  theme: string;
  rating: number;
  language: string | null;
}

export interface TopReviewsQuery {
  limit: number;
  /** Only reviews classified under this theme (exact label). */
  theme?: string;
  /** Only reviews rated at least this. */
  minRating?: number;
  /** Only reviews in this language; "en" also matches regional tags such as "en-gb". Case-insensitive. */
  language?: string;
}

const score = (r: RankableReview): number => (Number.isFinite(r.relevance) ? r.relevance : -Infinity);

/** Relevance descending, then review id ascending (code-unit order, locale-independent): a total, deterministic order. */
export function compareByRelevance(a: RankableReview, b: RankableReview): number {
  const diff = score(b) - score(a);
  if (diff !== 0 && !Number.isNaN(diff)) return diff;
  return a.reviewId < b.reviewId ? -1 : a.reviewId > b.reviewId ? 1 : 0;
}

function matchesLanguage(language: string | null, wanted: string): boolean {
  if (language === null) return false;
  const have = language.toLowerCase();
  return have === wanted || have.startsWith(`${wanted}-`);
}

/** The `limit` most relevant reviews that pass the filters, best first. O(n log limit). */
export function topReviews<T extends RankableReview>(rows: Iterable<T>, query: TopReviewsQuery): T[] {
  const wantedLanguage = query.language?.trim().toLowerCase().replace(/_/g, '-');
  const { theme, minRating } = query;
  function* eligible(): Generator<T> {
    for (const row of rows) {
      if (theme !== undefined && row.theme !== theme) continue;
      if (minRating !== undefined && !(row.rating >= minRating)) continue;
      if (wantedLanguage !== undefined && wantedLanguage !== '' && !matchesLanguage(row.language, wantedLanguage)) continue;
      yield row;
    }
  }
  return topK(eligible(), query.limit, compareByRelevance);
}
