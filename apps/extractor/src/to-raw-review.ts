import type { ProductInfo, RawReview } from '@reviewlens/contracts';
import { pseudonymiseId } from '@reviewlens/domain';
import type { SourceProduct, SourceReviewRow } from '@reviewlens/source-db';

/** The published form of a source row: the buyer id replaced by its salted hash, nothing else personal kept. */
export function toRawReview(row: SourceReviewRow, salt: string): RawReview {
  return {
    reviewId: row.reviewId, productId: row.productId, userHash: pseudonymiseId(row.buyerId, salt),
    title: row.title, text: row.text, rating: row.rating, helpfulVotes: row.helpfulVotes, totalVotes: row.totalVotes,
    language: row.language, hasImage: row.hasImage, hasSubscription: row.hasSubscription, verifiedBuyer: row.verifiedBuyer,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

export function toProductMap(products: SourceProduct[]): Record<string, ProductInfo> {
  return Object.fromEntries(products.map((p) => [p.productId, { productId: p.productId, name: p.name, category: p.category, brand: p.brand }]));
}

export function batchIdFor(batchNo: number): string {
  return `b${String(batchNo).padStart(6, '0')}`;
}
