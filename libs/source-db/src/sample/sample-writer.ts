import type { PoolClient } from 'pg';
import type { SampleBuyer, SampleProduct, SampleReview, SampleSubscription } from './sample.types';

/**
 * Multi-row inserts of sample batches: one statement per table per batch, values passed as parallel
 * arrays and expanded by unnest() (a handful of bind parameters however large the batch).
 * ON CONFLICT DO NOTHING makes re-seeding the same seed a no-op instead of an error.
 */
export async function insertProducts(client: PoolClient, products: readonly SampleProduct[]): Promise<void> {
  await client.query(
    `INSERT INTO product (p_id, name, category, brand, price)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[])
     ON CONFLICT (p_id) DO NOTHING`,
    [products.map((p) => p.pId), products.map((p) => p.name), products.map((p) => p.category), products.map((p) => p.brand), products.map((p) => p.price)],
  );
}

export async function insertBuyers(
  client: PoolClient,
  buyers: readonly SampleBuyer[],
  subscriptions: readonly SampleSubscription[],
): Promise<void> {
  await client.query(
    `INSERT INTO buyer (buyer_id, name, email, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (buyer_id) DO NOTHING`,
    [buyers.map((b) => b.buyerId), buyers.map((b) => b.name), buyers.map((b) => b.email), buyers.map((b) => b.createdAt)],
  );
  if (subscriptions.length === 0) return;
  // Subscriptions have no natural key: insert only for buyers that have none yet (idempotent re-seed).
  await client.query(
    `INSERT INTO subscription (buyer_id, plan, active, started_at)
     SELECT s.* FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[]) AS s(buyer_id, plan, active, started_at)
     WHERE NOT EXISTS (SELECT 1 FROM subscription x WHERE x.buyer_id = s.buyer_id)`,
    [subscriptions.map((s) => s.buyerId), subscriptions.map((s) => s.plan), subscriptions.map((s) => s.active), subscriptions.map((s) => s.startedAt)],
  );
}

export async function insertReviews(client: PoolClient, reviews: readonly SampleReview[]): Promise<void> {
  await client.query(
    `INSERT INTO review (review_id, buyer_id, r_desc, title, rating, seller_product_flag,
                         created_at, updated_at, helpful_votes, total_votes, language)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::boolean[],
                          $7::timestamptz[], $8::timestamptz[], $9::int[], $10::int[], $11::text[])
     ON CONFLICT (review_id) DO NOTHING`,
    [
      reviews.map((r) => r.reviewId),
      reviews.map((r) => r.buyerId),
      reviews.map((r) => r.text),
      reviews.map((r) => r.title),
      reviews.map((r) => r.rating),
      reviews.map(() => false),
      reviews.map((r) => r.createdAt),
      reviews.map((r) => r.updatedAt),
      reviews.map((r) => r.helpfulVotes),
      reviews.map((r) => r.totalVotes),
      reviews.map((r) => r.language),
    ],
  );
  const linked = reviews.filter((r) => r.productId !== null);
  await client.query(
    `INSERT INTO product_reviews (review_id, p_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [linked.map((r) => r.reviewId), linked.map((r) => r.productId)],
  );
  const images = reviews.flatMap((r) => r.imageUrls.map((url) => [r.reviewId, url] as const));
  if (images.length > 0) {
    await client.query(
      `INSERT INTO review_images (review_id, url) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [images.map((i) => i[0]), images.map((i) => i[1])],
    );
  }
  const orders = reviews.filter((r) => r.order !== null);
  if (orders.length > 0) {
    await client.query(
      `INSERT INTO orders (order_id, buyer_id, p_id, order_date)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT (order_id) DO NOTHING`,
      [orders.map((r) => r.order!.orderId), orders.map((r) => r.buyerId), orders.map((r) => r.order!.productId), orders.map((r) => r.order!.orderDate)],
    );
  }
}
