import { coerceId, type ReviewDateOptions } from '@reviewlens/domain';
import { blankToNull, FieldReader, parseCount, rowDigest, stableId } from './field-parsers';
import type { MappedRow } from './import.types';

/** One line of an Amazon Reviews 2023 review file (e.g. `All_Beauty.jsonl`). */
export interface Amazon2023Line {
  rating?: unknown;
  title?: unknown;
  text?: unknown;
  images?: unknown;
  asin?: unknown;
  parent_asin?: unknown;
  user_id?: unknown;
  timestamp?: unknown;
  helpful_vote?: unknown;
  verified_purchase?: unknown;
}

/** An id normalised by the canonical rule when it is one, else the value as given (the digest must be total). */
const idOrRaw = (value: unknown): unknown => {
  const id = coerceId(value);
  return id.ok ? id.id : value ?? null;
};

/**
 * The dataset has no review id: (user, asin, parent_asin, timestamp) identifies a review. The ids are normalised
 * first (`coerceId`), so a padded copy of an id names the same review; clean ids digest exactly as before.
 */
export function amazon2023Digest(line: Amazon2023Line): string {
  return rowDigest([idOrRaw(line.user_id), idOrRaw(line.asin), idOrRaw(line.parent_asin), line.timestamp ?? null]);
}

/** Digest of the whole line's content (keys sorted): two lines with the same identity and content are one review. */
export function amazon2023ContentDigest(line: Amazon2023Line): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]);
    }
    return value;
  };
  return rowDigest([sorted(line)]);
}

/** Image URLs: entries are objects with small/medium/large URLs (largest wins) or plain strings. */
function imageUrls(images: unknown, fields: FieldReader): string[] {
  if (!Array.isArray(images)) return [];
  const urls = images.map((image) => {
    if (typeof image === 'string') return fields.text('images', image);
    if (image && typeof image === 'object') {
      const i = image as Record<string, unknown>;
      return fields.text('images', i.large_image_url ?? i.medium_image_url ?? i.small_image_url ?? i.url);
    }
    return null;
  });
  return [...new Set(urls.filter((u): u is string => u !== null))];
}

/**
 * Map one JSONL review, or say which fields set it aside (see `FieldReader`). Products are keyed by parent_asin
 * (metadata lives at that level), falling back to asin; the review file carries no product name/brand (`category`
 * may come from the file name). `timestamp` is read by the canonical date rule (epoch unit detected unless given).
 */
export function mapAmazon2023Line(
  line: Amazon2023Line,
  options: { category?: string | null; digest?: string; dates?: ReviewDateOptions } = {},
): MappedRow {
  const fields = new FieldReader(options.dates);
  const digest = options.digest ?? amazon2023Digest(line);
  const reviewId = stableId('az', digest);
  const pId = fields.id('parent_asin', line.parent_asin, 'missing_product_id') ?? fields.id('asin', line.asin, 'missing_product_id');
  const buyerId = fields.id('user_id', line.user_id, 'invalid_buyer_id');
  const createdAt = fields.date('timestamp', line.timestamp);
  const helpful = parseCount(line.helpful_vote);
  const verified = line.verified_purchase === true || line.verified_purchase === 'true';
  const text = fields.text('text', typeof line.text === 'string' || line.text == null ? line.text : String(line.text));
  const title = fields.text('title', line.title);
  const rating = fields.rating('rating', line.rating);
  const category = fields.text('category', options.category);
  const images = imageUrls(line.images, fields);
  if (fields.problems.length > 0) return { record: null, problems: fields.problems };
  return {
    record: {
      product: pId === null ? null : { pId, name: null, category, brand: null, price: null },
      buyer: buyerId === null ? null : { buyerId, name: null },
      review: {
        reviewId, buyerId, text, title, rating, helpfulVotes: helpful, totalVotes: helpful,
        language: fields.language('en'), createdAt,
      },
      imageUrls: images,
      order: verified && buyerId !== null && pId !== null ? { orderId: `${reviewId}-order`, buyerId, pId, orderDate: createdAt } : null,
    },
    problems: [],
  };
}

/** "All_Beauty.jsonl.gz" -> "All Beauty": the 2023 dataset ships one file per category. */
export function categoryFromFileName(file: string): string | null {
  const base = file.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.(jsonl|json)(\.gz)?$/i, '');
  return stem && stem !== base ? blankToNull(stem.replace(/_/g, ' ')) : null;
}
