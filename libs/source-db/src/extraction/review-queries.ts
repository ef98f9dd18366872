import { qualifiedName, quoteIdent } from '../identifiers';
import type { SourceMapping } from '../mapping/source-mapping';
import { timestampText } from './timestamp-text';

/** SQL texts built once from a mapping. Every identifier is quoted; every value is a bind parameter. */
export interface ReviewQueries {
  /** No parameters. Returns one row `{ upper_bound: string | null }`. */
  upperBound: string;
  /** $1 upTo. Returns `{ count: string }`. */
  countUpTo: string;
  /** $1 after.updatedAt, $2 after.reviewId, $3 upTo. Returns `{ count: string }`. */
  countAfterUpTo: string;
  /** No parameters. Returns one row `{ found: true }` when the source has any review, none otherwise. */
  anyRow: string;
  /**
   * $1 after.updatedAt, $2 after.reviewId. Returns one row `{ found: true }` when a review lies after the keyset
   * position, none otherwise: the continuous-mode poll (one index probe on (updated_at, review_id), LIMIT 1).
   */
  anyRowAfter: string;
  /** $1 upTo, $2 limit. */
  firstPage: string;
  /** $1 after.updatedAt, $2 after.reviewId, $3 upTo, $4 limit. */
  nextPage: string;
  /** $1 array of product ids. */
  products: string;
}

const col = (alias: string, column: string | null) => (column === null ? 'NULL' : `${alias}.${quoteIdent(column)}`);

export function buildReviewQueries(m: SourceMapping): ReviewQueries {
  const t = (table: string) => qualifiedName(table, m.schema);
  const rc = m.review.columns;
  const review = t(m.review.table);
  const updatedAt = col('r', rc.updatedAt);
  const reviewId = col('r', rc.reviewId);
  const buyerId = col('r', rc.buyerId);

  // Scalar sub-selects with LIMIT 1 (not EXISTS): PostgreSQL may turn EXISTS into a hashed sub-plan that
  // reads the whole table once per page; these stay index lookups for the page's rows only.
  const exists = (from: string, where: string) => `((SELECT true FROM ${from} WHERE ${where} LIMIT 1) IS NOT NULL)`;
  const hasImage = m.reviewImages
    ? exists(`${t(m.reviewImages.table)} i`, `${col('i', m.reviewImages.columns.reviewId)} = ${reviewId}`)
    : 'false';
  const hasSubscription =
    m.subscription && rc.buyerId
      ? exists(
          `${t(m.subscription.table)} s`,
          `${col('s', m.subscription.columns.buyerId)} = ${buyerId}` +
            (m.subscription.columns.active ? ` AND ${col('s', m.subscription.columns.active)} IS TRUE` : ''),
        )
      : 'false';
  const verifiedBuyer =
    m.orders && rc.buyerId
      ? exists(
          `${t(m.orders.table)} o`,
          `${col('o', m.orders.columns.buyerId)} = ${buyerId} AND ${col('o', m.orders.columns.productId)} = pr.product_id`,
        )
      : 'false';

  // One product per review (the smallest id if a review is linked to several), none when unlinked.
  const prReviewId = col('x', m.productReviews.columns.reviewId);
  const prProductId = col('x', m.productReviews.columns.productId);
  const productLink =
    `LEFT JOIN LATERAL (SELECT ${prProductId} AS product_id FROM ${t(m.productReviews.table)} x ` +
    `WHERE ${prReviewId} = ${reviewId} ORDER BY ${prProductId} LIMIT 1) pr ON true`;

  const select = `SELECT
  ${reviewId}::text AS review_id,
  ${buyerId}::text AS buyer_id,
  pr.product_id::text AS product_id,
  ${col('r', rc.title)} AS title,
  ${col('r', rc.text)} AS text,
  ${col('r', rc.rating)} AS rating,
  ${col('r', rc.helpfulVotes)} AS helpful_votes,
  ${col('r', rc.totalVotes)} AS total_votes,
  ${col('r', rc.language)} AS language,
  ${rc.createdAt ? timestampText(col('r', rc.createdAt)) : 'NULL::text'} AS created_at,
  ${timestampText(updatedAt)} AS updated_at,
  ${hasImage} AS has_image,
  ${hasSubscription} AS has_subscription,
  ${verifiedBuyer} AS verified_buyer
FROM ${review} r
${productLink}`;
  const order = `ORDER BY ${updatedAt}, ${reviewId}`;

  const pc = m.product.columns;
  return {
    upperBound: `SELECT ${timestampText(`max(${updatedAt})`)} AS upper_bound FROM ${review} r`,
    countUpTo: `SELECT count(*) AS count FROM ${review} r WHERE ${updatedAt} <= $1::timestamptz`,
    countAfterUpTo:
      `SELECT count(*) AS count FROM ${review} r ` +
      `WHERE (${updatedAt}, ${reviewId}) > ($1::timestamptz, $2) AND ${updatedAt} <= $3::timestamptz`,
    anyRow: `SELECT true AS found FROM ${review} r LIMIT 1`,
    anyRowAfter:
      `SELECT true AS found FROM ${review} r WHERE (${updatedAt}, ${reviewId}) > ($1::timestamptz, $2) ` +
      `ORDER BY ${updatedAt}, ${reviewId} LIMIT 1`,
    firstPage: `${select}\nWHERE ${updatedAt} <= $1::timestamptz\n${order}\nLIMIT $2`,
    nextPage: `${select}\nWHERE (${updatedAt}, ${reviewId}) > ($1::timestamptz, $2) AND ${updatedAt} <= $3::timestamptz\n${order}\nLIMIT $4`,
    products: `SELECT ${col('p', pc.productId)}::text AS product_id, ${col('p', pc.name)}::text AS name,
  ${col('p', pc.category)}::text AS category, ${col('p', pc.brand)}::text AS brand
FROM ${t(m.product.table)} p WHERE ${col('p', pc.productId)} = ANY($1)`,
  };
}
