import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  generateSample,
  grantReadOnly,
  importReviews,
  loadSourceMapping,
  migrate,
  SourceReviewRepository,
  truncateSourceData,
  type SourceCursor,
  type SourceReviewRow,
} from '@reviewlens/source-db';
import { findRepoRoot, serviceEnv, uniqueName } from '@reviewlens/testing';

const env = serviceEnv();
const dbName = uniqueName('source_db_test', { separator: '_' });
const withDatabase = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};
const sharedData = (file: string) => join(findRepoRoot() ?? process.cwd(), '..', 'shared', 'data', file);

let admin: Pool;
let pool: Pool;

async function readAll(repo: SourceReviewRepository, upTo: string, limit: number, start: SourceCursor | null = null) {
  const rows: SourceReviewRow[] = [];
  let after = start;
  for (;;) {
    const page = await repo.fetchPage({ after, upTo, limit });
    if (page.rows.length === 0) return { rows, last: after };
    assert.ok(page.rows.length <= limit);
    rows.push(...page.rows);
    after = page.last;
  }
}

async function addReview(id: string, updatedAt: string, product: string | null = 'p1', buyer: string | null = 'b1') {
  await pool.query(`INSERT INTO review (review_id, buyer_id, r_desc, title, rating, updated_at) VALUES ($1, $2, 'text ' || $1, 't', 5, $3)`, [id, buyer, updatedAt]);
  if (product) await pool.query('INSERT INTO product_reviews (review_id, p_id) VALUES ($1, $2)', [id, product]);
}

async function resetData() {
  await truncateSourceData(pool);
  await pool.query(`INSERT INTO product (p_id, name, category, brand) VALUES ('p1', 'Kettle', 'Home', 'Acme'), ('p2', 'Lamp', 'Home', 'Lumo')`);
  await pool.query(`INSERT INTO buyer (buyer_id, name) VALUES ('b1', 'Ann'), ('b2', 'Bob'), ('b3', 'Cy')`);
}

before(async () => {
  admin = new Pool({ connectionString: env.sourceDatabaseUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${dbName}`);
  pool = new Pool({ connectionString: withDatabase(env.sourceDatabaseUrl, dbName), max: 4 });
  // Idle clients are terminated by DROP DATABASE ... WITH (FORCE) at the end: not a test failure.
  pool.on('error', () => undefined);
});

after(async () => {
  await pool?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

describe('source database', () => {
  test('migrations apply once, in order, idempotently (also concurrently)', async () => {
    const [a, b] = await Promise.all([migrate(pool), migrate(pool)]);
    assert.deepEqual([...a.applied, ...b.applied].sort(), [1, 2]);
    const again = await migrate(pool);
    assert.deepEqual(again, { applied: [], alreadyApplied: [1, 2] });
    const { rows } = await pool.query('SELECT version, name FROM reviewlens_migrations ORDER BY version');
    assert.deepEqual(rows, [{ version: 1, name: 'original_schema' }, { version: 2, name: 'incremental_extraction' }]);
    const cols = await pool.query(`SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'review' AND column_name IN ('rating', 'updated_at')`);
    assert.deepEqual(cols.rows.sort((x, y) => x.column_name.localeCompare(y.column_name)), [
      { column_name: 'rating', data_type: 'integer', is_nullable: 'YES' },
      { column_name: 'updated_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
    ]);
    await pool.query(`INSERT INTO review (review_id, rating) VALUES ('bad', 7), ('worse', NULL), ('zero', 0)`);
    await pool.query('DELETE FROM review');
  });

  test('keyset pages return every row exactly once when many rows share updated_at', async () => {
    await resetData();
    const ids: string[] = [];
    for (let g = 0; g < 10; g++) {
      const ts = `2024-01-01T00:00:0${g}.123456Z`;
      const batch = Array.from({ length: 100 }, (_, i) => `g${g}-${String(i * 7919 % 100).padStart(3, '0')}`);
      await pool.query(
        `INSERT INTO review (review_id, r_desc, rating, updated_at) SELECT id, 'x', 3, $2 FROM unnest($1::text[]) id`,
        [batch, ts],
      );
      ids.push(...batch);
    }
    const repo = new SourceReviewRepository(pool);
    const upTo = await repo.upperBound();
    assert.equal(upTo, '2024-01-01T00:00:09.123456Z');
    assert.equal(await repo.countUpTo(upTo!), 1_000);
    const { rows } = await readAll(repo, upTo!, 37);
    assert.equal(rows.length, 1_000);
    assert.equal(new Set(rows.map((r) => r.reviewId)).size, 1_000);
    assert.deepEqual(new Set(rows.map((r) => r.reviewId)), new Set(ids));
    const keys = rows.map((r) => `${r.updatedAt}|${r.reviewId}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(await repo.countUpTo(upTo!, { updatedAt: rows[499].updatedAt, reviewId: rows[499].reviewId }), 500);
  });

  test('upTo is respected and rows changed after a page was read show up in the next run', async () => {
    await resetData();
    for (let i = 0; i < 20; i++) await addReview(`r${String(i).padStart(2, '0')}`, `2024-02-01T00:00:${String(i).padStart(2, '0')}Z`);
    const repo = new SourceReviewRepository(pool);
    const upTo = (await repo.upperBound())!;
    const first = await repo.fetchPage({ after: null, upTo, limit: 5 });
    // While the run is under way: a row already read is edited, a new row arrives, an unread row is edited.
    await pool.query(`UPDATE review SET r_desc = 'edited' WHERE review_id = 'r01'`);
    await pool.query(`UPDATE review SET r_desc = 'edited too' WHERE review_id = 'r15'`);
    await addReview('new', '2024-02-01T00:00:00.5Z');
    await pool.query(`UPDATE review SET updated_at = '2099-01-01T00:00:00Z' WHERE review_id = 'new'`);
    const rest = await readAll(repo, upTo, 5, first.last);
    const run1 = [...first.rows, ...rest.rows].map((r) => r.reviewId);
    assert.equal(run1.length, 19, 'r15 moved past upTo; the new row is beyond upTo');
    assert.ok(!run1.includes('new') && !run1.includes('r15'));
    assert.ok(run1.includes('r01'));
    const upTo2 = (await repo.upperBound())!;
    assert.equal(upTo2, '2099-01-01T00:00:00.000000Z');
    const run2 = await readAll(repo, upTo2, 5, { updatedAt: upTo, reviewId: rest.last!.reviewId });
    assert.deepEqual(run2.rows.map((r) => r.reviewId).sort(), ['new', 'r01', 'r15']);
    assert.equal(run2.rows.find((r) => r.reviewId === 'r01')?.text, 'edited');
  });

  test('microsecond cursors round-trip: no row lost between rows 1µs apart', async () => {
    await resetData();
    await addReview('b', '2024-03-01T10:00:00.000002Z');
    await addReview('a', '2024-03-01T10:00:00.000001Z');
    await addReview('c', '2024-03-01T10:00:00.000999Z');
    await addReview('d', '2024-03-01T10:00:00.001Z');
    const repo = new SourceReviewRepository(pool);
    const upTo = (await repo.upperBound())!;
    const seen: string[] = [];
    let after: SourceCursor | null = null;
    for (;;) {
      const page = await repo.fetchPage({ after, upTo, limit: 1 });
      if (!page.last) break;
      seen.push(`${page.rows[0].reviewId}@${page.rows[0].updatedAt}`);
      after = page.last;
    }
    assert.deepEqual(seen, [
      'a@2024-03-01T10:00:00.000001Z',
      'b@2024-03-01T10:00:00.000002Z',
      'c@2024-03-01T10:00:00.000999Z',
      'd@2024-03-01T10:00:00.001000Z',
    ]);
  });

  test('derived flags, raw values, unlinked reviews, products of the page', async () => {
    await resetData();
    await addReview('img', '2024-04-01T00:00:01Z', 'p1', 'b1');
    await addReview('sub', '2024-04-01T00:00:02Z', 'p2', 'b2');
    await addReview('ord', '2024-04-01T00:00:03Z', 'p2', 'b3');
    await addReview('nolink', '2024-04-01T00:00:04Z', null, null);
    await pool.query(`UPDATE review SET rating = 9 WHERE review_id = 'nolink'`);
    await pool.query(`INSERT INTO review_images (review_id, url) VALUES ('img', 'https://x/1.jpg')`);
    await pool.query(`INSERT INTO subscription (buyer_id, active) VALUES ('b2', true), ('b1', false)`);
    await pool.query(`INSERT INTO orders (order_id, buyer_id, p_id) VALUES ('o1', 'b3', 'p2'), ('o2', 'b1', 'p2')`);
    const repo = new SourceReviewRepository(pool);
    const page = await repo.fetchPage({ after: null, upTo: (await repo.upperBound())!, limit: 10 });
    const flags = Object.fromEntries(page.rows.map((r) => [r.reviewId, [r.hasImage, r.hasSubscription, r.verifiedBuyer]]));
    assert.deepEqual(flags, {
      img: [true, false, false],
      sub: [false, true, false],
      ord: [false, false, true],
      nolink: [false, false, false],
    });
    const nolink = page.rows.find((r) => r.reviewId === 'nolink')!;
    assert.equal(nolink.productId, null);
    assert.equal(nolink.rating, 9);
    assert.equal(nolink.buyerId, null);
    assert.deepEqual(page.products.sort((x, y) => x.productId.localeCompare(y.productId)), [
      { productId: 'p1', name: 'Kettle', category: 'Home', brand: 'Acme' },
      { productId: 'p2', name: 'Lamp', category: 'Home', brand: 'Lumo' },
    ]);
  });

  test('the read-only role can read but not write', async () => {
    await resetData();
    await addReview('r1', '2024-05-01T00:00:00Z');
    await grantReadOnly(pool, 'reviewlens_reader');
    const reader = new Pool({ connectionString: withDatabase(env.sourceDatabaseReadonlyUrl, dbName), max: 1 });
    try {
      const repo = new SourceReviewRepository(reader);
      const page = await repo.fetchPage({ after: null, upTo: (await repo.upperBound())!, limit: 10 });
      assert.deepEqual(page.rows.map((r) => r.reviewId), ['r1']);
      await assert.rejects(reader.query(`UPDATE review SET rating = 1`), { code: '42501' });
      await assert.rejects(reader.query(`INSERT INTO review (review_id) VALUES ('x')`), { code: '42501' });
      await assert.rejects(reader.query(`CREATE TABLE evil (x int)`), { code: '42501' });
    } finally {
      await reader.end();
    }
  });

  test('a mapping file with renamed tables and columns works', async () => {
    await pool.query(`CREATE SCHEMA legacy`);
    await pool.query(`
      CREATE TABLE legacy."Items" ("ItemId" bigint PRIMARY KEY, "Title" text, "Dept" text);
      CREATE TABLE legacy."Feedback" ("FbId" bigint PRIMARY KEY, "Customer" text, "Body" text, "Stars" text, "ChangedAt" timestamptz NOT NULL);
      CREATE TABLE legacy."FeedbackItem" ("Fb" bigint, "Item" bigint);
      CREATE TABLE legacy."Photos" ("Fb" bigint);
      CREATE TABLE legacy."Purchases" ("Customer" text, "Item" bigint);
      INSERT INTO legacy."Items" VALUES (10, 'Chair', 'Furniture'), (11, 'Desk', 'Furniture');
      INSERT INTO legacy."Feedback" VALUES (1, 'c1', 'Comfy', '5', '2024-06-01T00:00:00.000001Z'),
        (2, 'c2', 'Wobbly', 'five', '2024-06-01T00:00:00.000001Z'), (3, 'c1', 'Nice', '4', '2024-06-01T00:00:00.000003Z');
      INSERT INTO legacy."FeedbackItem" VALUES (1, 10), (2, 11), (3, 11);
      INSERT INTO legacy."Photos" VALUES (2);
      INSERT INTO legacy."Purchases" VALUES ('c1', 11);
    `);
    const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
    try {
      const file = join(dir, 'mapping.json');
      writeFileSync(file, JSON.stringify({
        schema: 'legacy',
        review: {
          table: 'Feedback',
          columns: { reviewId: 'FbId', buyerId: 'Customer', text: 'Body', title: null, rating: 'Stars', helpfulVotes: null, totalVotes: null, language: null, createdAt: null, updatedAt: 'ChangedAt' },
        },
        productReviews: { table: 'FeedbackItem', columns: { reviewId: 'Fb', productId: 'Item' } },
        product: { table: 'Items', columns: { productId: 'ItemId', name: 'Title', category: 'Dept', brand: null } },
        reviewImages: { table: 'Photos', columns: { reviewId: 'Fb' } },
        subscription: null,
        orders: { table: 'Purchases', columns: { buyerId: 'Customer', productId: 'Item' } },
      }));
      const repo = new SourceReviewRepository(pool, loadSourceMapping(file));
      const upTo = (await repo.upperBound())!;
      assert.equal(upTo, '2024-06-01T00:00:00.000003Z');
      const first = await repo.fetchPage({ after: null, upTo, limit: 2 });
      const second = await repo.fetchPage({ after: first.last, upTo, limit: 2 });
      const rows = [...first.rows, ...second.rows];
      assert.deepEqual(rows.map((r) => [r.reviewId, r.productId, r.text, r.rating, r.hasImage, r.hasSubscription, r.verifiedBuyer, r.title]), [
        ['1', '10', 'Comfy', '5', false, false, false, null],
        ['2', '11', 'Wobbly', 'five', true, false, false, null],
        ['3', '11', 'Nice', '4', false, false, true, null],
      ]);
      assert.deepEqual(first.products.map((p) => [p.productId, p.name, p.brand]).sort(), [['10', 'Chair', null], ['11', 'Desk', null]]);
      assert.equal(await repo.countUpTo(upTo), 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await pool.query('DROP SCHEMA legacy CASCADE');
    }
  });

  test('sample generator: deterministic, malformed rows as planned, readable by the repository', async () => {
    const digest = async () => (await pool.query(`SELECT md5(string_agg(concat_ws('|', r.review_id, r.buyer_id, r.r_desc, r.title, r.rating,
        r.helpful_votes, r.total_votes, r.language, r.created_at, r.updated_at, pr.p_id), E'\\n' ORDER BY r.review_id)) AS d
        FROM review r LEFT JOIN product_reviews pr USING (review_id)`)).rows[0].d as string;
    await truncateSourceData(pool);
    const result = await generateSample(pool, { reviews: 3_000, seed: 11, malformedRate: 0.07 }, { batchSize: 700 });
    assert.equal(result.reviews, 3_000);
    assert.equal(Object.values(result.malformed).reduce((a, b) => a + b, 0), 210);
    const first = await digest();
    const counts = (await pool.query(`SELECT
        count(*) FILTER (WHERE rating IS NULL) AS null_rating, count(*) FILTER (WHERE rating = 0) AS zero,
        count(*) FILTER (WHERE rating = 7) AS seven, count(*) FILTER (WHERE r_desc = '') AS empty,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM product_reviews pr WHERE pr.review_id = r.review_id)) AS unlinked,
        (SELECT count(*) FROM product) AS products, (SELECT count(*) FROM buyer) AS buyers,
        (SELECT count(*) FROM review_images) AS images, (SELECT count(*) FROM orders) AS orders
      FROM review r`)).rows[0];
    assert.deepEqual(
      [counts.null_rating, counts.zero, counts.seven, counts.empty, counts.unlinked].map(Number),
      [result.malformed.null_rating, result.malformed.rating_zero, result.malformed.rating_seven, result.malformed.empty_text, result.malformed.missing_product_link],
    );
    assert.equal(Number(counts.products), result.products);
    assert.equal(Number(counts.images), result.images);
    assert.equal(Number(counts.orders), result.orders);
    const fkCount = (await pool.query(`SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`)).rows[0].n;
    assert.equal(Number(fkCount), 7, 'bulk mode restores every foreign key');

    await truncateSourceData(pool);
    await generateSample(pool, { reviews: 3_000, seed: 11, malformedRate: 0.07 }, { batchSize: 1_000, bulk: false });
    assert.equal(await digest(), first, 'same seed => same data');
    const again = await generateSample(pool, { reviews: 3_000, seed: 11, malformedRate: 0.07 });
    assert.equal(await digest(), first, 're-seeding the same seed adds nothing');
    assert.equal(again.reviews, 3_000);

    const repo = new SourceReviewRepository(pool);
    const { rows } = await readAll(repo, (await repo.upperBound())!, 500);
    assert.equal(rows.length, 3_000);
    assert.equal(rows.filter((r) => r.productId === null).length, result.malformed.missing_product_link);
    assert.ok(rows.some((r) => r.hasImage) && rows.some((r) => r.verifiedBuyer) && rows.some((r) => r.hasSubscription));
  });

  const datafiniti5k = sharedData('datafiniti_amazon_consumer_reviews_5k_12cols.csv');
  const datafiniti100 = sharedData('datafiniti_7817_1_first100.csv');

  test('imports the Datafiniti 5k file idempotently', { skip: !existsSync(datafiniti5k) && 'shared data not present' }, async () => {
    await truncateSourceData(pool);
    const progress: number[] = [];
    const result = await importReviews(pool, { file: datafiniti5k, format: 'auto', batchSize: 700, onProgress: (p) => progress.push(p.bytesRead) });
    assert.equal(result.format, 'datafiniti');
    // The export holds 95 rows that repeat an earlier row column for column: imported once, counted as duplicates.
    assert.deepEqual([result.rows, result.duplicates, result.setAside.length], [5_000, 95, 0]);
    assert.deepEqual([result.imported, result.inserted, result.updated, result.unchanged], [4_905, 4_905, 0, 0]);
    assert.ok(progress.length >= 7 && progress[progress.length - 1] > 0);
    const counts = async () => (await pool.query(`SELECT (SELECT count(*) FROM review) AS reviews, (SELECT count(*) FROM product_reviews) AS links,
        (SELECT count(*) FROM product) AS products, (SELECT count(*) FROM buyer) AS buyers,
        (SELECT count(*) FROM review WHERE rating BETWEEN 1 AND 5) AS rated, (SELECT max(updated_at)::text FROM review) AS max_updated`)).rows[0];
    const before = await counts();
    assert.deepEqual([before.reviews, before.links, before.products].map(Number), [4_905, 4_905, 24]);
    assert.equal(Number(before.rated), 4_905);
    assert.equal(Number(before.buyers), 3_815);
    const again = await importReviews(pool, { file: datafiniti5k, format: 'datafiniti' });
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.duplicates], [0, 0, 4_905, 95]);
    assert.deepEqual(await counts(), before, 're-import changes nothing, not even updated_at');
  });

  test('imports the 27-column Datafiniti file; rows without rating get NULL', { skip: !existsSync(datafiniti100) && 'shared data not present' }, async () => {
    await truncateSourceData(pool);
    const result = await importReviews(pool, { file: datafiniti100, format: 'datafiniti' });
    assert.deepEqual([result.rows, result.inserted], [100, 100]);
    const c = (await pool.query(`SELECT count(*) AS reviews, count(*) FILTER (WHERE rating IS NULL) AS unrated,
        count(*) FILTER (WHERE helpful_votes > 0) AS helpful, (SELECT count(*) FROM product) AS products,
        (SELECT count(*) FROM product WHERE price IS NOT NULL) AS priced FROM review`)).rows[0];
    assert.deepEqual([c.reviews, c.unrated, c.products].map(Number), [100, 61, 4]);
    assert.ok(Number(c.helpful) > 0 && Number(c.priced) > 0);
    const repo = new SourceReviewRepository(pool);
    const { rows } = await readAll(repo, (await repo.upperBound())!, 30);
    assert.equal(rows.length, 100);
    assert.equal(rows.filter((r) => r.rating === null).length, 61);
  });
});
