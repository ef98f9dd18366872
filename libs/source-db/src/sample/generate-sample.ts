import type { Pool, PoolClient } from 'pg';
import { DEFAULT_SAMPLE_OPTIONS, MALFORMED_KINDS, type MalformedKind, type SampleOptions } from './sample.types';
import { populationSizes, sampleBuyerBatches, sampleProducts } from './sample-population';
import { sampleReviewBatches } from './sample-reviews';
import { withoutForeignKeys } from './foreign-keys';
import { insertBuyers, insertProducts, insertReviews } from './sample-writer';
import { inTransaction } from '../in-transaction';

export interface SampleProgress {
  phase: 'products' | 'buyers' | 'reviews';
  done: number;
  total: number;
}

export interface GenerateSampleResult {
  reviews: number;
  products: number;
  buyers: number;
  subscriptions: number;
  images: number;
  orders: number;
  malformed: Record<MalformedKind, number>;
  seconds: number;
}

export interface GenerateSampleRun {
  batchSize?: number;
  /**
   * One transaction for the whole load, foreign keys dropped during it and re-validated at the end.
   * Default: only when the review table is empty (a fresh or reset database), where nobody else reads it.
   */
  bulk?: boolean;
  onProgress?: (progress: SampleProgress) => void;
}

function validate(options: SampleOptions): void {
  if (!Number.isInteger(options.reviews) || options.reviews < 0) throw new RangeError('reviews must be a non-negative integer');
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (!(options.malformedRate >= 0 && options.malformedRate <= 1)) throw new RangeError('malformedRate must be within [0, 1]');
  if (!(Date.parse(options.from) < Date.parse(options.to))) throw new RangeError('from must be before to');
}

const SOURCE_TABLES = ['buyer', 'subscription', 'product', 'orders', 'review', 'review_images', 'product_reviews'];

/**
 * Run `write` for every batch while the next batch is being generated: generation (CPU, Node) and
 * insertion (PostgreSQL) overlap, so both cores work. Each batch commits on its own.
 */
async function pipeline<T>(
  client: PoolClient,
  batches: Iterable<T>,
  write: (batch: T) => Promise<void>,
  after: (batch: T) => void,
  ownTransactions: boolean,
) {
  let pending: Promise<void> | null = null;
  for (const batch of batches) {
    if (pending) await pending;
    pending = (async () => {
      if (ownTransactions) await inTransaction(client, () => write(batch));
      else await write(batch);
      after(batch);
    })();
    // A rejected batch must not become an unhandled rejection while the next one is generated.
    pending.catch(() => undefined);
  }
  if (pending) await pending;
}

/**
 * Fill the source schema (run `migrate` first) with deterministic sample data: the same options give
 * the same rows. Products, buyers (with subscriptions), then reviews with their product links, images and
 * orders, in batches of multi-row inserts.
 */
export async function generateSample(
  pool: Pool,
  partial: Partial<SampleOptions> = {},
  run: GenerateSampleRun = {},
): Promise<GenerateSampleResult> {
  const options: SampleOptions = { ...DEFAULT_SAMPLE_OPTIONS, ...partial };
  validate(options);
  const batchSize = run.batchSize ?? 5_000;
  const report = run.onProgress ?? (() => undefined);
  const started = process.hrtime.bigint();
  const result: GenerateSampleResult = {
    reviews: 0, products: 0, buyers: 0, subscriptions: 0, images: 0, orders: 0,
    malformed: Object.fromEntries(MALFORMED_KINDS.map((k) => [k, 0])) as Record<MalformedKind, number>,
    seconds: 0,
  };
  const client = await pool.connect();
  try {
    // Sample data only: losing the last batches on a crash is acceptable, waiting for every fsync is not.
    await client.query('SET synchronous_commit = off');
    const bulk = run.bulk ?? (await client.query('SELECT NOT EXISTS (SELECT 1 FROM review) AS empty')).rows[0].empty === true;
    const load = async () => {
      const products = sampleProducts(options);
      const productBatches = Array.from({ length: Math.ceil(products.length / batchSize) }, (_, i) => products.slice(i * batchSize, (i + 1) * batchSize));
      await pipeline(client, productBatches, (b) => insertProducts(client, b), (b) => {
        result.products += b.length;
        report({ phase: 'products', done: result.products, total: products.length });
      }, !bulk);
      const buyerTotal = populationSizes(options.reviews).buyers;
      await pipeline(client, sampleBuyerBatches(options, batchSize), (b) => insertBuyers(client, b.buyers, b.subscriptions), (b) => {
        result.buyers += b.buyers.length;
        result.subscriptions += b.subscriptions.length;
        report({ phase: 'buyers', done: result.buyers, total: buyerTotal });
      }, !bulk);
      await pipeline(client, sampleReviewBatches(options, products, batchSize), (b) => insertReviews(client, b), (b) => {
        result.reviews += b.length;
        for (const r of b) {
          if (r.malformed) result.malformed[r.malformed] += 1;
          result.images += r.imageUrls.length;
          if (r.order) result.orders += 1;
        }
        report({ phase: 'reviews', done: result.reviews, total: options.reviews });
      }, !bulk);
    };
    if (bulk) await inTransaction(client, () => withoutForeignKeys(client, SOURCE_TABLES, load));
    else await load();
    await client.query('ANALYZE buyer, subscription, product, orders, review, review_images, product_reviews');
  } finally {
    client.release();
  }
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

/** Remove every row of the source tables (schema and migrations stay). */
export async function truncateSourceData(pool: Pool): Promise<void> {
  await pool.query('TRUNCATE review_images, product_reviews, orders, subscription, review, product, buyer');
}
