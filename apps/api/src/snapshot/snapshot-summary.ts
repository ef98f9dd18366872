import type { ClassifiedReview } from '@reviewlens/contracts';
import { averageSentiment, legacyCategoryOf, themePolarityCounts, type ThemePolarityCounts } from '@reviewlens/domain';

/** Aggregates of one product's reviews (the original system's vw_reviews_by_product). */
export interface ProductSummary {
  productId: string;
  productName: string | null;
  category: string | null;
  brand: string | null;
  reviews: number;
  averageRating: number;
  /** Count of reviews per star, "1" to "5". */
  ratingDistribution: Record<string, number>;
  /** Count of reviews per top theme, most frequent first (single label per review; kept for compatibility). */
  themeDistribution: Record<string, number>;
  /**
   * Per detected theme (a review counts for every theme it mentions): reviews praising it (positive), criticising it
   * (negative) or both (mixed), and their mean sentiment (-1 to 1). Most mentioned first; {} for single-label rows.
   */
  themePolarity: Record<string, ThemePolarityCounts>;
  /** Mean overall sentiment (-1 to 1) of the product's reviews; null when no review has one. */
  averageSentiment: number | null;
  /** Count of reviews per legacy category (the original system's seven labels), most frequent first. */
  categoryDistribution: Record<string, number>;
  languages: Record<string, number>;
  verifiedBuyers: number;
  withImage: number;
  helpfulVotes: number;
  totalVotes: number;
  firstReviewAt: string | null;
  lastReviewAt: string | null;
}

/**
 * Aggregates of one label across the snapshot: per top theme (`themes` of /v1/themes/summary) or per legacy category
 * (`categories`, the original system's vw_reviews_by_category, whose "category" was its label).
 */
export interface ThemeSummary {
  theme: string;
  reviews: number;
  share: number;
  products: number;
  averageRating: number;
  averageConfidence: number;
  ratingDistribution: Record<string, number>;
}

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

function sortedCounts(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function emptyStars(): Record<string, number> {
  return { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
}

export function summariseProduct(productId: string, rows: readonly ClassifiedReview[]): ProductSummary {
  const stars = emptyStars();
  const themes = new Map<string, number>();
  const categories = new Map<string, number>();
  const languages = new Map<string, number>();
  let ratingSum = 0, verified = 0, images = 0, helpful = 0, total = 0;
  let first: string | null = null, last: string | null = null;
  for (const r of rows) {
    stars[String(r.rating)] = (stars[String(r.rating)] ?? 0) + 1;
    themes.set(r.theme, (themes.get(r.theme) ?? 0) + 1);
    const category = legacyCategoryOf(r);
    categories.set(category, (categories.get(category) ?? 0) + 1);
    const lang = r.language ?? 'unknown';
    languages.set(lang, (languages.get(lang) ?? 0) + 1);
    ratingSum += r.rating;
    if (r.verifiedBuyer) verified += 1;
    if (r.hasImage) images += 1;
    helpful += r.helpfulVotes;
    total += r.totalVotes;
    if (r.createdAt !== null) {
      if (first === null || r.createdAt < first) first = r.createdAt;
      if (last === null || r.createdAt > last) last = r.createdAt;
    }
  }
  const head = rows[0];
  return {
    productId, productName: head?.productName ?? null, category: head?.category ?? null, brand: head?.brand ?? null,
    reviews: rows.length, averageRating: rows.length ? round(ratingSum / rows.length, 3) : 0,
    ratingDistribution: stars, themeDistribution: sortedCounts(themes), themePolarity: themePolarityCounts(rows),
    averageSentiment: averageSentiment(rows), categoryDistribution: sortedCounts(categories), languages: sortedCounts(languages),
    verifiedBuyers: verified, withImage: images, helpfulVotes: helpful, totalVotes: total, firstReviewAt: first, lastReviewAt: last,
  };
}

/** Reviews grouped by `labelOf(review)` (one label per review), most frequent first. */
function summariseBy(rows: readonly ClassifiedReview[], labelOf: (r: ClassifiedReview) => string): ThemeSummary[] {
  const acc = new Map<string, { reviews: number; products: Set<string>; rating: number; confidence: number; stars: Record<string, number> }>();
  for (const r of rows) {
    const label = labelOf(r);
    let t = acc.get(label);
    if (!t) acc.set(label, (t = { reviews: 0, products: new Set(), rating: 0, confidence: 0, stars: emptyStars() }));
    t.reviews += 1;
    t.products.add(r.productId);
    t.rating += r.rating;
    t.confidence += r.confidence;
    t.stars[String(r.rating)] = (t.stars[String(r.rating)] ?? 0) + 1;
  }
  return [...acc.entries()]
    .map(([theme, t]) => ({
      theme, reviews: t.reviews, share: rows.length ? round(t.reviews / rows.length) : 0, products: t.products.size,
      averageRating: round(t.rating / t.reviews, 3), averageConfidence: round(t.confidence / t.reviews), ratingDistribution: t.stars,
    }))
    .sort((a, b) => b.reviews - a.reviews || (a.theme < b.theme ? -1 : 1));
}

/** Per top theme (each review once). */
export function summariseThemes(rows: readonly ClassifiedReview[]): ThemeSummary[] {
  return summariseBy(rows, (r) => r.theme);
}

/** Per legacy category (each review once): the original system's vw_reviews_by_category. */
export function summariseCategories(rows: readonly ClassifiedReview[]): ThemeSummary[] {
  return summariseBy(rows, legacyCategoryOf);
}
