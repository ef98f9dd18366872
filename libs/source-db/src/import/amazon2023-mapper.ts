import { blankToNull, parseCount, parseRating, parseTimestamp, rowDigest, stableId } from './field-parsers';
import type { ImportRecord } from './import.types';

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

/** The dataset has no review id: (user, product, time) identifies a review. */
export function amazon2023Digest(line: Amazon2023Line): string {
  return rowDigest([line.user_id ?? null, line.asin ?? null, line.parent_asin ?? null, line.timestamp ?? null]);
}

/** Image URLs: entries are objects with small/medium/large URLs (largest wins) or plain strings. */
function imageUrls(images: unknown): string[] {
  if (!Array.isArray(images)) return [];
  const urls = images.map((image) => {
    if (typeof image === 'string') return blankToNull(image);
    if (image && typeof image === 'object') {
      const i = image as Record<string, unknown>;
      return blankToNull(i.large_image_url ?? i.medium_image_url ?? i.small_image_url ?? i.url);
    }
    return null;
  });
  return [...new Set(urls.filter((u): u is string => u !== null))];
}

/**
 * Map one JSONL review. Products are keyed by parent_asin (metadata lives at that level), falling back to
 * asin; the review file carries no product name/brand (`category` may come from the file name).
 */
export function mapAmazon2023Line(
  line: Amazon2023Line,
  options: { category?: string | null; digest?: string; occurrence?: number } = {},
): ImportRecord {
  const digest = options.digest ?? amazon2023Digest(line);
  const reviewId = stableId('az', digest, options.occurrence ?? 0);
  const pId = blankToNull(line.parent_asin) ?? blankToNull(line.asin);
  const buyerId = blankToNull(line.user_id);
  const createdAt = parseTimestamp(line.timestamp);
  const helpful = parseCount(line.helpful_vote);
  const verified = line.verified_purchase === true || line.verified_purchase === 'true';
  return {
    product: pId === null ? null : { pId, name: null, category: options.category ?? null, brand: null, price: null },
    buyer: buyerId === null ? null : { buyerId, name: null },
    review: {
      reviewId,
      buyerId,
      text: typeof line.text === 'string' ? line.text : line.text == null ? null : String(line.text),
      title: blankToNull(line.title),
      rating: parseRating(line.rating),
      helpfulVotes: helpful,
      totalVotes: helpful,
      language: 'en',
      createdAt,
    },
    imageUrls: imageUrls(line.images),
    order: verified && buyerId !== null && pId !== null ? { orderId: `${reviewId}-order`, buyerId, pId, orderDate: createdAt } : null,
  };
}

/** "All_Beauty.jsonl.gz" -> "All Beauty": the 2023 dataset ships one file per category. */
export function categoryFromFileName(file: string): string | null {
  const base = file.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.(jsonl|json)(\.gz)?$/i, '');
  return stem && stem !== base ? stem.replace(/_/g, ' ') : null;
}
