import type { ReviewDateOptions } from '@reviewlens/domain';
import { blankToNull, FieldReader, firstListItem, parseCount, rowDigest, stableId } from './field-parsers';
import type { MappedRow } from './import.types';

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
 * Map one Datafiniti row, or say which fields set it aside (see `FieldReader`). `id` is Datafiniti's *product* id:
 * the product key is the first ASIN (or that id), the review id is derived from the row's content digest (so only
 * an identical row has the same id), the buyer id from the username (normalised like any id). Datafiniti has no
 * verified-purchase flag (no orders) and no images.
 */
export function mapDatafinitiRow(row: DatafinitiRow, digest = datafinitiRowDigest(row), dates: ReviewDateOptions = {}): MappedRow {
  const fields = new FieldReader(dates);
  const asin = firstListItem(row.asins);
  const pId = asin !== null ? fields.id('asins', asin, 'missing_product_id') : fields.id('id', row.id, 'missing_product_id');
  const username = fields.text('reviews.username', row['reviews.username']);
  const userKey = username === null ? null : fields.id('reviews.username', username, 'invalid_buyer_id');
  const buyerId = userKey === null ? null : stableId('dfu', userKey);
  const helpful = parseCount(row['reviews.numHelpful']);
  const product = pId === null ? null : {
    pId, name: fields.text('name', row.name), category: fields.text('categories', firstListItem(row.categories)),
    brand: fields.text('brand', row.brand), price: usdPrice(row.prices),
  };
  const review = {
    reviewId: stableId('df', digest),
    buyerId,
    text: fields.text('reviews.text', row['reviews.text']),
    title: fields.text('reviews.title', row['reviews.title']),
    rating: fields.rating('reviews.rating', row['reviews.rating']),
    helpfulVotes: helpful,
    // Datafiniti only records "found this helpful": the votes cast are at least that many.
    totalVotes: helpful,
    language: fields.language('en'),
    createdAt: fields.date('reviews.date', row['reviews.date']),
  };
  if (fields.problems.length > 0) return { record: null, problems: fields.problems };
  return {
    record: { product, buyer: buyerId === null ? null : { buyerId, name: username }, review, imageUrls: [], order: null },
    problems: [],
  };
}
