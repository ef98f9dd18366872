export const IMPORT_FORMATS = ['datafiniti', 'amazon2023'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One source file row mapped onto the source schema (product, buyer, review, links, images, order). */
export interface ImportRecord {
  product: { pId: string; name: string | null; category: string | null; brand: string | null; price: string | null } | null;
  buyer: { buyerId: string; name: string | null } | null;
  review: {
    reviewId: string;
    buyerId: string | null;
    text: string | null;
    title: string | null;
    /** Null when absent or not an integer: the cleaner rejects it (invalid_rating). */
    rating: number | null;
    helpfulVotes: number;
    totalVotes: number;
    language: string | null;
    createdAt: string | null;
  };
  imageUrls: string[];
  /** Verified purchase: an order of the product by the buyer. */
  order: { orderId: string; buyerId: string; pId: string; orderDate: string | null } | null;
}
