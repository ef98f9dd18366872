import type { ThemePolarity } from './rank';

/** What a review says of one theme, across reviews: how many mention it, by polarity, and their mean sentiment. */
export interface ThemePolarityCounts {
  /** Reviews in which the theme was detected (a review counts once per theme, for every theme it mentions). */
  reviews: number;
  /** Of those, reviews praising it (positive), criticising it (negative), or both (mixed); the three sum to `reviews`. */
  positive: number;
  negative: number;
  mixed: number;
  /** Mean overall sentiment (-1 to 1) of those reviews, over those that have one; null when none has. */
  averageSentiment: number | null;
}

/** The fields the aggregation reads (a subset of ClassifiedReview). */
export interface ThemedReview {
  themes?: readonly { theme: string; polarity: ThemePolarity }[];
  sentiment?: number | null;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Per detected theme: review counts by polarity and mean sentiment ("what is praised, what is criticised"), most
 * mentioned theme first (ties by label). A theme detected twice in one review (should not happen) counts once, with
 * its first polarity. Rows without detected themes (single-label classifiers, or nothing detected) add nothing.
 */
export function themePolarityCounts(rows: Iterable<ThemedReview>): Record<string, ThemePolarityCounts> {
  const acc = new Map<string, { reviews: number; positive: number; negative: number; mixed: number; sentimentSum: number; sentimentN: number }>();
  for (const row of rows) {
    const seen = new Set<string>();
    for (const t of row.themes ?? []) {
      if (seen.has(t.theme)) continue;
      seen.add(t.theme);
      let a = acc.get(t.theme);
      if (!a) acc.set(t.theme, (a = { reviews: 0, positive: 0, negative: 0, mixed: 0, sentimentSum: 0, sentimentN: 0 }));
      a.reviews += 1;
      a[t.polarity] += 1;
      if (typeof row.sentiment === 'number' && Number.isFinite(row.sentiment)) { a.sentimentSum += row.sentiment; a.sentimentN += 1; }
    }
  }
  return Object.fromEntries([...acc.entries()]
    .sort((x, y) => y[1].reviews - x[1].reviews || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([theme, a]) => [theme, {
      reviews: a.reviews, positive: a.positive, negative: a.negative, mixed: a.mixed,
      averageSentiment: a.sentimentN > 0 ? round4(a.sentimentSum / a.sentimentN) : null,
    }]));
}

/** Mean overall sentiment (-1 to 1) of the rows that have one, rounded to 4 digits; null when none has. */
export function averageSentiment(rows: Iterable<ThemedReview>): number | null {
  let sum = 0, n = 0;
  for (const r of rows) if (typeof r.sentiment === 'number' && Number.isFinite(r.sentiment)) { sum += r.sentiment; n += 1; }
  return n > 0 ? round4(sum / n) : null;
}

/**
 * The original system's category of a review (vw_reviews_by_category): its `legacyCategory`, else its top theme
 * (rows of the single-label engines, whose labels were the original categories, or themes files without a mapping).
 */
export function legacyCategoryOf(row: { legacyCategory?: string | null; theme: string }): string {
  return row.legacyCategory ?? row.theme;
}
