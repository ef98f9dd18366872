import { topK } from './top-k';

/** Polarity of a theme detected in a review. */
export type ThemePolarity = 'positive' | 'negative' | 'mixed';
export const THEME_POLARITIES: readonly ThemePolarity[] = ['positive', 'negative', 'mixed'];

/** The fields ranking reads (a subset of ClassifiedReview). */
export interface RankableReview {
  reviewId: string;
  relevance: number;
  /** Top theme (highest score), kept for single-label rows and compatibility. */
  theme: string;
  rating: number;
  language: string | null;
  /** Themes detected in the review (multi-label classifiers), with their polarity; absent or [] when none. */
  themes?: readonly { theme: string; polarity: ThemePolarity }[];
  /** Overall sentiment in [-1, 1]; null/absent for single-label classifiers (which detect no themes). */
  sentiment?: number | null;
}

export interface TopReviewsQuery {
  limit: number;
  /**
   * Only reviews about this theme (exact label): any detected theme of a multi-label row, the top theme of a
   * single-label row (one without sentiment and detected themes, classified by the nli/embedding engines).
   */
  theme?: string;
  /** With `theme`: only reviews where that theme was detected with this polarity (single-label rows never match). */
  polarity?: ThemePolarity;
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

/** A multi-label row: it carries detected themes or a sentiment (an aspect-engine row with no theme has [] and a sentiment). */
const isMultiLabel = (row: RankableReview): boolean => (row.themes?.length ?? 0) > 0 || (row.sentiment !== undefined && row.sentiment !== null);

/**
 * Does `row` talk about `theme` (with `polarity`, when given)? Multi-label rows: any detected theme with that label
 * (and polarity). Single-label rows: the top theme, and only without a polarity filter (they have no polarity).
 */
export function matchesTheme(row: RankableReview, theme: string, polarity?: ThemePolarity): boolean {
  if (!isMultiLabel(row)) return polarity === undefined && row.theme === theme;
  return (row.themes ?? []).some((t) => t.theme === theme && (polarity === undefined || t.polarity === polarity));
}

/** The `limit` most relevant reviews that pass the filters, best first. O(n log limit). */
export function topReviews<T extends RankableReview>(rows: Iterable<T>, query: TopReviewsQuery): T[] {
  const wantedLanguage = query.language?.trim().toLowerCase().replace(/_/g, '-');
  const { theme, polarity, minRating } = query;
  if (polarity !== undefined && theme === undefined) throw new Error('a polarity filter needs a theme');
  function* eligible(): Generator<T> {
    for (const row of rows) {
      if (theme !== undefined && !matchesTheme(row, theme, polarity)) continue;
      if (minRating !== undefined && !(row.rating >= minRating)) continue;
      if (wantedLanguage !== undefined && wantedLanguage !== '' && !matchesLanguage(row.language, wantedLanguage)) continue;
      yield row;
    }
  }
  return topK(eligible(), query.limit, compareByRelevance);
}
