import { blankToNull, firstListItem, parseCount, parseRating, parseTimestamp, rowDigest, stableId } from './field-parsers';
import type { ImportRecord } from './import.types';

/** Columns every Datafiniti consumer-reviews export has (the 12-column and the 27-column layouts). */
export const DATAFINITI_REQUIRED_COLUMNS = ['id', 'name', 'reviews.rating', 'reviews.text', 'reviews.title', 'reviews.username'] as const;

export type DatafinitiRow = Record<string, string | undefined>;

export function missingDatafinitiColumns(header: readonly string[]): string[] {
  return DATAFINITI_REQUIRED_COLUMNS.filter((c) => !header.includes(c));
}

/** The row's content digest: every column, in a fixed (sorted) order, so the layout's column order does not matter. */
export function datafinitiRowDigest(row: DatafinitiRow): string {
  return rowDigest(Object.keys(row).sort().map((k) => [k, row[k] ?? '']));
}

/** USD price from the 27-column layout's `prices` JSON (first USD offer's amountMin), else null. */
function usdPrice(prices: string | undefined): string | null {
  const text = blankToNull(prices);
  if (text === null) return null;
  try {
    const offers = JSON.parse(text) as unknown;
    if (!Array.isArray(offers)) return null;
    for (const offer of offers as Record<string, unknown>[]) {
      const amount = Number(offer?.amountMin);
      if (offer?.currency === 'USD' && Number.isFinite(amount) && amount >= 0 && amount < 1e10) return amount.toFixed(2);
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Map one Datafiniti row. `id` is Datafiniti's *product* id: the product key is the first ASIN (or that id),
 * the review id is derived from the row's content digest (+ occurrence for identical rows), the buyer id
 * from the username. Datafiniti has no verified-purchase flag (no orders) and no images.
 */
export function mapDatafinitiRow(row: DatafinitiRow, digest = datafinitiRowDigest(row), occurrence = 0): ImportRecord {
  const pId = firstListItem(row.asins) ?? blankToNull(row.id);
  const username = blankToNull(row['reviews.username']);
  const buyerId = username === null ? null : stableId('dfu', username.trim());
  const helpful = parseCount(row['reviews.numHelpful']);
  return {
    product: pId === null
      ? null
      : { pId, name: blankToNull(row.name), category: firstListItem(row.categories), brand: blankToNull(row.brand), price: usdPrice(row.prices) },
    buyer: buyerId === null ? null : { buyerId, name: username },
    review: {
      reviewId: stableId('df', digest, occurrence),
      buyerId,
      text: row['reviews.text'] ?? null,
      title: blankToNull(row['reviews.title']),
      rating: parseRating(row['reviews.rating']),
      helpfulVotes: helpful,
      // Datafiniti only records "found this helpful": the votes cast are at least that many.
      totalVotes: helpful,
      language: 'en',
      createdAt: parseTimestamp(row['reviews.date']),
    },
    imageUrls: [],
    order: null,
  };
}
