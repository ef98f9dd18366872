import type { ProductInfo, RawReview } from '@reviewlens/contracts';
import { coerceId, pseudonymiseId } from '@reviewlens/domain';
import type { SourceProduct, SourceReviewRow } from '@reviewlens/source-db';

/**
 * An id by the canonical rule (`coerceId`: padding and NUL dropped), or the value as read when the rule refuses it,
 * so the cleaner rejects it with its reason. The extractor keys the batch's products the same way: whether a review
 * finds its product never depends on which other rows share the batch.
 */
const canonicalId = <T extends string | null>(id: T): T => {
  if (id === null) return id;
  const parsed = coerceId(id);
  return (parsed.ok ? parsed.id : id) as T;
};

/**
 * The published form of a source row: ids normalised (`coerceId`), the buyer id replaced by the salted hash of its
 * normalised form, nothing else personal kept.
 */
export function toRawReview(row: SourceReviewRow, salt: string): RawReview {
  return {
    reviewId: canonicalId(row.reviewId), productId: canonicalId(row.productId), userHash: pseudonymiseId(canonicalId(row.buyerId), salt),
    title: row.title, text: row.text, rating: row.rating, helpfulVotes: row.helpfulVotes, totalVotes: row.totalVotes,
    language: row.language, hasImage: row.hasImage, hasSubscription: row.hasSubscription, verifiedBuyer: row.verifiedBuyer,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/**
 * The batch's products keyed by normalised id. Source rows whose ids differ only by padding (`B00X` and `B00X `)
 * are one product: the first non-null name, category and brand win, in source order.
 */
export function toProductMap(products: SourceProduct[]): Record<string, ProductInfo> {
  const byId = new Map<string, ProductInfo>();
  for (const p of products) {
    const productId = canonicalId(p.productId);
    const seen = byId.get(productId);
    byId.set(productId, seen
      ? { productId, name: seen.name ?? p.name, category: seen.category ?? p.category, brand: seen.brand ?? p.brand }
      : { productId, name: p.name, category: p.category, brand: p.brand });
  }
  return Object.fromEntries(byId);
}

export function batchIdFor(batchNo: number): string {
  return `b${String(batchNo).padStart(6, '0')}`;
}
