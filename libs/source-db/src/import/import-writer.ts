import type { PoolClient } from 'pg';
import { storableText } from '@reviewlens/domain';
import type { ImportRecord } from './import.types';

export interface BatchWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

type Product = NonNullable<ImportRecord['product']>;

/** Merge duplicates inside one batch (one INSERT ... ON CONFLICT DO UPDATE cannot touch a row twice). */
function distinctProducts(records: readonly ImportRecord[]): Product[] {
  const byId = new Map<string, Product>();
  for (const { product } of records) {
    if (!product) continue;
    const seen = byId.get(product.pId);
    byId.set(product.pId, seen
      ? { pId: product.pId, name: product.name ?? seen.name, category: product.category ?? seen.category, brand: product.brand ?? seen.brand, price: product.price ?? seen.price }
      : product);
  }
  return [...byId.values()];
}

/** PostgreSQL text cannot hold NUL characters: every string column goes through the one rule (`storableText`). */
const s = (text: string | null) => storableText(text);

function lastById<T>(items: readonly T[], id: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [id(item), item])).values()];
}

/**
 * Upsert one batch of mapped rows. Re-importing unchanged rows writes nothing (so their updated_at, the
 * extraction watermark, does not move); changed rows are updated and get a new updated_at from the trigger.
 * Product attributes are only ever filled in, never blanked by a file that lacks them.
 */
export async function upsertImportBatch(client: PoolClient, records: readonly ImportRecord[]): Promise<BatchWriteResult> {
  const products = distinctProducts(records);
  if (products.length > 0) {
    await client.query(
      `INSERT INTO product AS p (p_id, name, category, brand, price)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[])
       ON CONFLICT (p_id) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, p.name), category = COALESCE(EXCLUDED.category, p.category),
         brand = COALESCE(EXCLUDED.brand, p.brand), price = COALESCE(EXCLUDED.price, p.price)
       WHERE (p.name, p.category, p.brand, p.price) IS DISTINCT FROM
         (COALESCE(EXCLUDED.name, p.name), COALESCE(EXCLUDED.category, p.category), COALESCE(EXCLUDED.brand, p.brand), COALESCE(EXCLUDED.price, p.price))`,
      [products.map((p) => s(p.pId)), products.map((p) => s(p.name)), products.map((p) => s(p.category)), products.map((p) => s(p.brand)), products.map((p) => p.price)],
    );
  }
  const buyers = lastById(records.flatMap((r) => (r.buyer ? [r.buyer] : [])), (b) => b.buyerId);
  if (buyers.length > 0) {
    await client.query(
      `INSERT INTO buyer AS b (buyer_id, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (buyer_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, b.name)
       WHERE b.name IS DISTINCT FROM COALESCE(EXCLUDED.name, b.name)`,
      [buyers.map((b) => s(b.buyerId)), buyers.map((b) => s(b.name))],
    );
  }
  const reviews = lastById(records, (r) => r.review.reviewId);
  const v = reviews.map((r) => r.review);
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO review AS r (review_id, buyer_id, r_desc, title, rating, helpful_votes, total_votes, language, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::timestamptz[])
     ON CONFLICT (review_id) DO UPDATE SET
       buyer_id = EXCLUDED.buyer_id, r_desc = EXCLUDED.r_desc, title = EXCLUDED.title, rating = EXCLUDED.rating,
       helpful_votes = EXCLUDED.helpful_votes, total_votes = EXCLUDED.total_votes, language = EXCLUDED.language,
       created_at = EXCLUDED.created_at
     WHERE (r.buyer_id, r.r_desc, r.title, r.rating, r.helpful_votes, r.total_votes, r.language, r.created_at) IS DISTINCT FROM
       (EXCLUDED.buyer_id, EXCLUDED.r_desc, EXCLUDED.title, EXCLUDED.rating, EXCLUDED.helpful_votes, EXCLUDED.total_votes, EXCLUDED.language, EXCLUDED.created_at)
     RETURNING (xmax = 0) AS inserted`,
    [
      v.map((r) => s(r.reviewId)), v.map((r) => s(r.buyerId)), v.map((r) => s(r.text)), v.map((r) => s(r.title)), v.map((r) => r.rating),
      v.map((r) => r.helpfulVotes), v.map((r) => r.totalVotes), v.map((r) => r.language), v.map((r) => r.createdAt),
    ],
  );
  const linked = reviews.filter((r) => r.product !== null);
  if (linked.length > 0) {
    await client.query(
      `INSERT INTO product_reviews (review_id, p_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [linked.map((r) => s(r.review.reviewId)), linked.map((r) => s(r.product!.pId))],
    );
  }
  const images = reviews.flatMap((r) => r.imageUrls.map((url) => [r.review.reviewId, url] as const));
  if (images.length > 0) {
    await client.query(
      `INSERT INTO review_images (review_id, url) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [images.map((i) => s(i[0])), images.map((i) => s(i[1]))],
    );
  }
  const orders = lastById(reviews.flatMap((r) => (r.order ? [r.order] : [])), (o) => o.orderId);
  if (orders.length > 0) {
    await client.query(
      `INSERT INTO orders (order_id, buyer_id, p_id, order_date)
       SELECT o.order_id, o.buyer_id, o.p_id, COALESCE(o.order_date, now())
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS o(order_id, buyer_id, p_id, order_date)
       ON CONFLICT (order_id) DO NOTHING`,
      [orders.map((o) => s(o.orderId)), orders.map((o) => s(o.buyerId)), orders.map((o) => s(o.pId)), orders.map((o) => o.orderDate)],
    );
  }
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: reviews.length - rows.length };
}
