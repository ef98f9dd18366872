/**
 * The field cases of issue 10 (`../shared/field-cases/<case>/`), each read from its files and run the way its README
 * describes, minus the queues: the importer writes the source database, the extractor's own functions read it in
 * keyset pages (small pages, so rows land in different batches), the cleaner's own functions clean each batch with
 * the run-wide id claim. The expected values are the cases' "Expected" sections.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import type { CleanedReview, RejectReason } from '@reviewlens/contracts';
import { cleanBatch, rejectIdsHeldElsewhere } from '@reviewlens/domain';
import { importReviews, SourceReviewRepository, truncateSourceData, type ImportOptions } from '@reviewlens/source-db';
import { findRepoRoot, serviceEnv } from '@reviewlens/testing';
import { toProductMap, toRawReview } from '../../apps/extractor/src/to-raw-review';
import { createSourceTestDb, dumpSourceRows } from '../support/source-test-db';

const casesDir = [process.env.REVIEWLENS_SHARED_DIR, join(findRepoRoot() ?? process.cwd(), '..', 'shared')]
  .filter((d): d is string => d !== undefined)
  .map((d) => join(d, 'field-cases'))
  .find((d) => existsSync(d));
const caseFile = (name: string) => join(casesDir ?? '/nonexistent', name);
const skip = casesDir === undefined && 'shared field cases not present';

let db: Awaited<ReturnType<typeof createSourceTestDb>>;
let pool: Pool;
let work: string;

before(async () => {
  if (skip) return;
  db = await createSourceTestDb('field_cases_test');
  pool = db.pool;
  work = mkdtempSync(join(tmpdir(), 'field-cases-'));
});
after(async () => {
  await db?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const importCase = (file: string, options: Partial<ImportOptions> = {}) =>
  importReviews(pool, { file: caseFile(file), format: 'auto', rejectsFile: join(work, 'rejects.jsonl'), ...options });

interface PipelineResult {
  served: CleanedReview[];
  rejected: { reviewId: unknown; reason: RejectReason; batch: number }[];
}

/** Extract everything in pages of `pageSize` (one batch each), clean each batch, settle ids run-wide. */
async function pipeline(pageSize: number): Promise<PipelineResult> {
  const repo = new SourceReviewRepository(pool);
  const upTo = await repo.upperBound();
  const claimed = new Set<string>();
  const out: PipelineResult = { served: [], rejected: [] };
  let after = null;
  for (let batch = 1; upTo !== null; batch++) {
    const page = await repo.fetchPage({ after, upTo, limit: pageSize });
    if (page.rows.length === 0) break;
    const rows = page.rows.map((r) => toRawReview(r, 'field-case-salt'));
    const inBatch = cleanBatch(rows, { runId: 'fq', products: toProductMap(page.products), maxChars: 20_000, now: new Date(), futureToleranceMs: 86_400_000 });
    const result = rejectIdsHeldElsewhere(inBatch, new Set(inBatch.cleaned.map((r) => r.reviewId).filter((id) => claimed.has(id))));
    result.cleaned.forEach((r) => claimed.add(r.reviewId));
    out.served.push(...result.cleaned);
    out.rejected.push(...result.rejects.map((r) => ({ reviewId: r.row.reviewId, reason: r.reason, batch })));
    after = page.last;
  }
  return out;
}

const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

describe('field cases (issue 10)', { skip }, () => {
  test('01 NUL bytes in any string field: every file imports, NUL dropped; one bad row never aborts a file', async () => {
    await truncateSourceData(pool);
    for (const file of ['nul-in-text-only.csv', 'nul-in-username.csv', 'nul-in-product-name.csv', 'All_Beauty.nul-in-user-id.jsonl']) {
      const result = await importCase(`01-nul-byte-fields/${file}`);
      assert.deepEqual(result.setAside, [], file);
      assert.equal(result.imported, result.rows, file);
    }
    assert.equal(await count(`SELECT count(*) AS n FROM buyer WHERE buyer_id = 'AFAKEUSER02'`), 1, 'NUL dropped from the user id');
    const big = await importCase('01-nul-byte-fields/nul-in-row-2200-of-2500.csv');
    assert.deepEqual([big.rows, big.imported, big.setAside.length], [2_500, 2_500, 0]);
    assert.equal(await count(`SELECT count(*) AS n FROM product_reviews WHERE p_id = 'FQ01E0001'`), 2_500);
    for (const table of ['review.r_desc', 'review.title', 'review.buyer_id', 'buyer.name', 'buyer.buyer_id', 'product.name', 'product.p_id']) {
      const [t, c] = table.split('.');
      assert.equal(await count(`SELECT count(*) AS n FROM ${t} WHERE position(chr(65533) in ${c}) > 0`), 0, table);
    }
    const served = await pipeline(500);
    assert.equal(served.served.filter((r) => r.text === 'Works fine after a firmware update.').length >= 1, true);
  });

  test('05 negative and year-1 timestamps set aside as invalid_date, rating 0.0 as invalid_rating; only the control is served', async () => {
    await truncateSourceData(pool);
    const result = await importCase('05-amazon2023-negative-timestamp-zero-rating/Electronics.jsonl');
    assert.equal(result.imported, 1);
    const reasons = result.setAside.map((r) => r.problems.map((p) => `${p.field}:${p.reason}`).join(',')).sort();
    assert.deepEqual(reasons, ['rating:invalid_rating', 'timestamp:invalid_date', 'timestamp:invalid_date']);
    const rejects = readFileSync(join(work, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rejects.map((r) => r.line), result.setAside.map((r) => r.line));
    const { served } = await pipeline(500);
    assert.equal(served.length, 1);
    assert.ok(served.every((r) => r.createdAt !== null && r.createdAt >= '1995-01-01'));
  });

  test('11 padded product ids: one rule everywhere, the outcome never depends on the batch', async () => {
    await truncateSourceData(pool);
    for (const file of ['Toys_and_Games.jsonl', 'run2-a-Toys_and_Games.jsonl', 'run2-b-filler-Toys_and_Games.jsonl', 'run2-c-Toys_and_Games.jsonl']) {
      const result = await importCase(`11-product-id-whitespace/${file}`);
      assert.deepEqual(result.setAside, [], file);
    }
    const ids = (await pool.query(`SELECT p_id FROM product WHERE p_id LIKE '%FQ11%' AND p_id NOT LIKE '%FQ11F%' ORDER BY p_id`)).rows.map((r) => r.p_id);
    assert.deepEqual(ids, ['FQ11A0001', 'FQ11B0001', 'FQ11C0001'], 'the importer stores trimmed ids');
    for (const pageSize of [2, 500, 1_000]) {
      const { served, rejected } = await pipeline(pageSize);
      assert.deepEqual(rejected.filter((r) => r.reason === 'unknown_product'), [], `page size ${pageSize}`);
      const per = (p: string) => served.filter((r) => r.productId === p).length;
      assert.deepEqual([per('FQ11A0001'), per('FQ11B0001'), per('FQ11C0001')], [3, 1, 2], `page size ${pageSize}`);
    }
    // A source written by something else than the importer keeps its padded ids: the extractor and the cleaner
    // still put every review under the trimmed id, whichever batch its product lands in.
    await truncateSourceData(pool);
    await pool.query(`INSERT INTO product (p_id, name) VALUES ('FQ11X0001', 'clean'), ('FQ11X0001 ', 'padded'), (E'\\tFQ11Y0001', 'tab')`);
    const rows: [string, string][] = [['r1', 'FQ11X0001 '], ['r2', 'FQ11X0001'], ['r3', '\tFQ11Y0001'], ['r4', 'FQ11X0001 ']];
    for (const [id, p] of rows) {
      await pool.query(`INSERT INTO review (review_id, r_desc, rating, created_at) VALUES ($1, 'Fine toy.', 4, '2020-01-01Z')`, [id]);
      await pool.query('INSERT INTO product_reviews (review_id, p_id) VALUES ($1, $2)', [id, p]);
    }
    for (const pageSize of [1, 2, 4]) {
      const { served, rejected } = await pipeline(pageSize);
      assert.deepEqual(rejected, [], `page size ${pageSize}`);
      assert.deepEqual(served.map((r) => `${r.reviewId}:${r.productId}`).sort(), ['r1:FQ11X0001', 'r2:FQ11X0001', 'r3:FQ11Y0001', 'r4:FQ11X0001']);
    }
  });

  test('12 text with no visible character: only the control review is served, the others rejected with a reason', async () => {
    await truncateSourceData(pool);
    const result = await importCase('12-invisible-only-text/Arts_Crafts.jsonl');
    assert.deepEqual(result.setAside, []);
    const { served, rejected } = await pipeline(500);
    assert.equal(served.length, 1);
    assert.equal(rejected.length, result.rows - 1);
    assert.ok(rejected.every((r) => r.reason === 'empty_review_raw' || r.reason === 'empty_after_cleaning'));
  });

  test('14 zone-less and day-first dates: UTC unless told, slash dates only with --date-format, unreadable ones reported', async () => {
    await truncateSourceData(pool);
    const plain = await importCase('14-timezone-naive-dates/dates.csv');
    assert.equal(plain.imported, 3);
    assert.deepEqual(plain.setAside.map((r) => r.problems.map((p) => `${p.field}:${p.reason}`).join()), Array(3).fill('reviews.date:invalid_date'));
    assert.ok(plain.setAside.every((r) => /day\/month order/.test(r.problems[0].detail)));
    const dates = async () => (await pool.query(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS d FROM review ORDER BY d`)).rows.map((r) => r.d);
    assert.deepEqual(await dates(), ['2017-09-03T00:00Z', '2017-09-03T10:00Z', '2017-09-03T10:00Z']);

    await truncateSourceData(pool);
    const dmy = await importCase('14-timezone-naive-dates/dates.csv', { dates: { dateFormat: 'dmy' } });
    assert.deepEqual([dmy.imported, dmy.setAside.length], [6, 0]);
    assert.deepEqual((await dates()).slice(0, 2), ['2017-03-09T00:00Z', '2017-09-03T00:00Z'], '03/09/2017 is 3 September, 09/03/2017 is 9 March');
    await truncateSourceData(pool);
    const mdy = await importCase('14-timezone-naive-dates/dates.csv', { dates: { dateFormat: 'mdy' } });
    assert.deepEqual(mdy.setAside.map((r) => r.problems[0].reason), ['invalid_date'], '31/12/2017 is not month-first');
  });

  test('14 the same file under TZ=Asia/Tokyo, UTC, America/Los_Angeles: identical rows, nothing updated on re-import', async () => {
    await truncateSourceData(pool);
    const cli = resolve(__dirname, '../../tools/cli/import-reviews.js');
    const run = (tz: string) => {
      const res = spawnSync(process.execPath, [cli, '--database-url', db.url, '--rejects-file', join(work, `r-${tz.replace('/', '_')}.jsonl`), '--allow-rejects', caseFile('14-timezone-naive-dates/dates.csv')], {
        env: { ...process.env, ...serviceEnv().vars, TZ: tz }, encoding: 'utf8',
      });
      assert.equal(res.status, 0, res.stderr);
      return res.stdout;
    };
    assert.match(run('Asia/Tokyo'), /3 new, 0 updated, 0 unchanged/);
    const first = await dumpSourceRows(pool);
    assert.match(run('UTC'), /0 new, 0 updated, 3 unchanged/);
    assert.match(run('America/Los_Angeles'), /0 new, 0 updated, 3 unchanged/);
    assert.equal(await dumpSourceRows(pool), first);
    await truncateSourceData(pool);
    run('America/Los_Angeles');
    assert.equal(await dumpSourceRows(pool), first, 'a fresh import in another zone writes the same rows');
  });

  test('15 the same review line twice: imported once and counted; served once', async () => {
    await truncateSourceData(pool);
    const result = await importCase('15-duplicate-rows-in-file/Grocery_and_Gourmet_Food.jsonl');
    assert.deepEqual([result.rows, result.imported, result.duplicates, result.setAside.length], [3, 2, 1, 0]);
    const { served } = await pipeline(500);
    assert.equal(served.length, 2);
    assert.equal(new Set(served.map((r) => r.text)).size, 2);
    const again = await importCase('15-duplicate-rows-in-file/Grocery_and_Gourmet_Food.jsonl');
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.duplicates], [0, 0, 2, 1]);
  });
});
