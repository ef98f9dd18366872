/**
 * The importer on a 100,000-row Amazon 2023 file with 1% bad rows spread through it (every 100th row, eight kinds in
 * turn), through the CLI as a user runs it: the summary and the rejects file list exactly those rows, the source holds
 * exactly the rest, the exit code says rows were set aside. Then the same file under TZ=Asia/Tokyo and
 * America/Los_Angeles: no row new or updated, byte-identical source rows, also from a fresh import.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { truncateSourceData } from '@reviewlens/source-db';
import { serviceEnv } from '@reviewlens/testing';
import { createSourceTestDb, dumpSourceRows } from '../support/source-test-db';

const ROWS = 100_000;
const BAD_KINDS = [
  ['timestamp', 'invalid_date'], ['timestamp', 'invalid_date'], ['rating', 'invalid_rating'], ['rating', 'invalid_rating'],
  ['parent_asin', 'missing_product_id'], ['(row)', 'invalid_json'], ['text', 'invalid_utf8'], ['(row)', 'duplicate_review_id'],
] as const;

/** The file's lines and the bad ones (1-based line -> expected field:reason). Good rows carry the other kinds of
 * hostile-but-valid input: NUL in ids and names, padded product ids, zone-less and epoch-second dates. */
function buildFile(): { text: string; bad: Map<number, string> } {
  const lines: string[] = [];
  const bad = new Map<number, string>();
  const base = Date.UTC(2021, 0, 1);
  const good = (i: number) => {
    const product = `P${String(i % 2_000).padStart(5, '0')}`;
    const line: Record<string, unknown> = {
      rating: (i % 5) + 1, title: i % 7 === 0 ? `T\u0000itle ${i}` : `Title ${i}`, text: `Review number ${i} of the big file.`,
      images: [], asin: product, parent_asin: i % 11 === 0 ? ` ${product}\t` : product, user_id: i % 13 === 0 ? `U${i}\u0000` : `U${i}`,
      timestamp: base + i * 60_000, helpful_vote: i % 4, verified_purchase: i % 2 === 0,
    };
    if (i % 17 === 0) line.timestamp = new Date(base + i * 60_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
    if (i % 19 === 0) line.timestamp = Math.floor((base + i * 60_000) / 1000);
    return line;
  };
  for (let i = 0; i < ROWS; i++) {
    const lineNo = i + 1;
    if (i % 100 !== 37) {
      lines.push(JSON.stringify(good(i)));
      continue;
    }
    const k = Math.floor(i / 100) % BAD_KINDS.length;
    const line = good(i);
    switch (k) {
      case 0: line.timestamp = -1 - i; break;
      case 1: line.timestamp = '03/04/2019 10:00'; break;
      case 2: line.rating = 0; break;
      case 3: line.rating = 4.5; break;
      case 4: line.parent_asin = 'P00\t001'; break;
      case 6: line.text = `broken \ud800 text ${i}`; break;
      case 7: Object.assign(line, { ...good(i - 1), text: 'Another text for the same review identity.' }); break;
    }
    lines.push(k === 5 ? JSON.stringify(line).slice(0, 40) : JSON.stringify(line));
    bad.set(lineNo, BAD_KINDS[k].join(':'));
  }
  return { text: `${lines.join('\n')}\n`, bad };
}

let db: Awaited<ReturnType<typeof createSourceTestDb>>;
let work: string;
before(async () => {
  db = await createSourceTestDb('import_bad_rows_test');
  work = mkdtempSync(join(tmpdir(), 'import-bad-rows-'));
});
after(async () => {
  await db?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('importer: 100k rows with 1% bad rows', () => {
  const cli = resolve(__dirname, '../../tools/cli/import-reviews.js');
  const run = (file: string, tz: string, rejects: string) =>
    spawnSync(process.execPath, [cli, '--database-url', db.url, '--batch-size', '2000', '--rejects-file', rejects, file], {
      env: { ...process.env, ...serviceEnv().vars, TZ: tz }, encoding: 'utf8', maxBuffer: 64 << 20,
    });

  test('summary and rejects file list exactly the bad rows; the source holds exactly the rest; the same under every TZ', { timeout: 600_000 }, async () => {
    const { text, bad } = buildFile();
    const file = join(work, 'Big_Category.jsonl');
    writeFileSync(file, text);
    const rejects = join(work, 'rejects.jsonl');

    const first = run(file, 'UTC', rejects);
    assert.equal(first.status, 2, `exit 2 when rows were set aside: ${first.stderr}`);
    const listed = new Map<number, string>();
    for (const m of first.stdout.matchAll(/^ {2}line (\d+) field (\S+): (\w+) /gm)) listed.set(Number(m[1]), `${m[2]}:${m[3]}`);
    assert.deepEqual([...listed.entries()].sort((a, b) => a[0] - b[0]), [...bad.entries()]);
    const rejected = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; problems: { field: string; reason: string }[] });
    assert.deepEqual(rejected.map((r) => [r.line, `${r.problems[0].field}:${r.problems[0].reason}`]), [...bad.entries()]);
    const expected = ROWS - bad.size;
    assert.match(first.stdout, new RegExp(`${ROWS} rows -> ${expected} imported \\(${expected} new, 0 updated, 0 unchanged\\), 0 exact duplicates, ${bad.size} set aside`));
    const nul = await db.pool.query(`SELECT count(*) AS n FROM review r JOIN product_reviews USING (review_id) WHERE p_id LIKE ' %' OR p_id LIKE '%\t' OR r.title LIKE 'T%itle%' AND r.title NOT LIKE 'Title%'`);
    assert.equal(Number(nul.rows[0].n), 0, 'padded ids trimmed, NUL dropped');
    const utc = await dumpSourceRows(db.pool);
    assert.match(utc, new RegExp(`^${expected} rows`));

    for (const tz of ['Asia/Tokyo', 'America/Los_Angeles']) {
      const again = run(file, tz, join(work, 'again.jsonl'));
      assert.equal(again.status, 2);
      assert.match(again.stdout, new RegExp(`0 new, 0 updated, ${expected} unchanged`), tz);
      assert.equal(await dumpSourceRows(db.pool), utc, tz);
    }
    await truncateSourceData(db.pool);
    assert.equal(run(file, 'Asia/Tokyo', join(work, 'fresh.jsonl')).status, 2);
    assert.equal(await dumpSourceRows(db.pool), utc, 'a fresh import under Asia/Tokyo writes the same rows');
  });
});
