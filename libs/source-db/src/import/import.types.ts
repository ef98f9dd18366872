export const IMPORT_FORMATS = ['datafiniti', 'amazon2023'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One source file row mapped onto the source schema (product, buyer, review, links, images, order). */
export interface ImportRecord {
  product: { pId: string; name: string | null; category: string | null; brand: string | null; price: string | null } | null;
  buyer: { buyerId: string; name: string | null } | null;
  review: {
    reviewId: string;
    buyerId: string | null;
    /** Raw text (NUL dropped); null when absent or invisible-only: the cleaner rejects it (empty_review_raw). */
    text: string | null;
    title: string | null;
    /** 1-5, or null when absent: the cleaner rejects it (invalid_rating). */
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

/** Why an import sets a row aside: the cleaner's reason codes where one fits, plus the importer's own. */
export type ImportRejectReason =
  | 'invalid_date'
  | 'invalid_rating'
  | 'invalid_utf8'
  | 'missing_product_id'
  | 'missing_review_id'
  | 'invalid_buyer_id'
  | 'duplicate_review_id'
  | 'invalid_json'
  | 'database_error';

/** One refused field of a row. */
export interface ImportProblem {
  /** The file's own field name (`reviews.date`, `timestamp`, `parent_asin`), or `(row)` for the whole row. */
  field: string;
  reason: ImportRejectReason;
  /** Human-readable, names the field; never more than a short excerpt of the value. */
  detail: string;
}

/** A mapped row, or the problems that set it aside. */
export type MappedRow = { record: ImportRecord; problems: [] } | { record: null; problems: ImportProblem[] };
