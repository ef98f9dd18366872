import type { Pool } from 'pg';
import type { SourceSlice } from './source-slices';

/** What the pipeline must do with a hostile row: reject it with this reason, or accept it (optionally with this text). */
export type Expectation = { reject: string } | { accept: true; text?: string };

export interface HostileRow {
  reviewId: string;
  productId: string | null;
  text: string | null;
  title: string | null;
  rating: number | null;
  createdAt: string | null;
  helpfulVotes: number;
  totalVotes: number;
  language: string | null;
  expect: Expectation;
}

const DAY_MS = 86_400_000;
const words = (n: number): string => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ');

/**
 * Row kinds a PostgreSQL source can actually hold (typed columns: no wrong types, no invalid UTF-8 bytes, no NUL).
 * Each builds one row from its index; `weight` is its share of the corpus.
 */
const KINDS: { name: string; weight: number; build: (id: string, i: number, now: number) => Omit<HostileRow, 'reviewId' | 'productId'> & { linked?: boolean } }[] = [
  { name: 'null_rating', weight: 10, build: () => ({ ...base(), rating: null, expect: { reject: 'invalid_rating' } }) },
  { name: 'rating_out_of_range', weight: 10, build: (_id, i) => ({ ...base(), rating: [0, -3, 6, 99, 2_147_483_647][i % 5]!, expect: { reject: 'invalid_rating' } }) },
  { name: 'missing_product', weight: 10, build: () => ({ ...base(), linked: false, expect: { reject: 'missing_product_id' } }) },
  { name: 'empty_text', weight: 8, build: () => ({ ...base(), text: '', expect: { reject: 'empty_review_raw' } }) },
  { name: 'null_text', weight: 8, build: () => ({ ...base(), text: null, expect: { reject: 'empty_review_raw' } }) },
  { name: 'whitespace_text', weight: 8, build: () => ({ ...base(), text: ' \t\n\u00a0 ', expect: { reject: 'empty_review_raw' } }) },
  { name: 'html_only_text', weight: 8, build: (_id, i) => ({ ...base(), text: ['<p><br/></p>', '<div>&nbsp;</div>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>'][i % 4]!, expect: { reject: 'empty_after_cleaning' } }) },
  { name: 'text_over_limit', weight: 2, build: () => ({ ...base(), text: words(3_500), expect: { reject: 'text_too_long' } }) },
  { name: 'title_over_limit', weight: 1, build: () => ({ ...base(), title: words(3_500), expect: { reject: 'text_too_long' } }) },
  { name: 'replacement_character', weight: 6, build: () => ({ ...base(), text: 'Decoded badly: caf\ufffd cr\ufffdme', expect: { reject: 'invalid_utf8' } }) },
  { name: 'future_date', weight: 8, build: (_id, _i, now) => ({ ...base(), createdAt: new Date(now + 30 * DAY_MS).toISOString(), expect: { reject: 'future_date' } }) },
  // Issue 10's kinds: text with no visible character, dates before the floor (negative epoch, year 1).
  { name: 'invisible_text', weight: 4, build: (_id, i) => ({ ...base(), text: ['\u3164', '\u200e\u200f', '\u2800\u2800', '\u115f\u1160\uffa0', '\u034f\ufe0f\u{e0020}'][i % 5]!, expect: { reject: 'empty_review_raw' } }) },
  { name: 'created_at_before_floor', weight: 3, build: (_id, i) => ({ ...base(), createdAt: ['1969-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z', '1994-12-31T23:59:59Z'][i % 3]!, expect: { reject: 'invalid_date' } }) },
  // Accepted after normalisation.
  { name: 'invisible_title', weight: 2, build: () => ({ ...base(), title: '\u3164\u200b', expect: { accept: true } }) },
  { name: 'script_injection', weight: 3, build: () => ({ ...base(), text: '<script>alert("x")</script><b>Solid</b> kettle &amp; quick', expect: { accept: true, text: 'Solid kettle & quick' } }) },
  { name: 'event_handler_injection', weight: 2, build: () => ({ ...base(), text: '<img src=x onerror="alert(1)">Nice <a href="javascript:alert(1)">toaster</a>', expect: { accept: true, text: 'Nice toaster' } }) },
  { name: 'sql_injection_text', weight: 2, build: () => ({ ...base(), text: "Robert'); DROP TABLE review;-- works well", expect: { accept: true, text: "Robert'); DROP TABLE review;-- works well" } }) },
  { name: 'control_characters', weight: 2, build: () => ({ ...base(), text: 'Good\u0007 value\u200b for\u001b money', expect: { accept: true } }) },
  { name: 'emoji_rtl', weight: 2, build: () => ({ ...base(), text: 'מעולה 👍🏽 great مُنتَج', expect: { accept: true } }) },
  { name: 'null_created_at', weight: 2, build: () => ({ ...base(), createdAt: null, expect: { accept: true } }) },
  { name: 'negative_votes', weight: 2, build: () => ({ ...base(), helpfulVotes: -5, totalVotes: -1, expect: { accept: true } }) },
  { name: 'garbage_language', weight: 2, build: () => ({ ...base(), language: 'xx_INVALID_123!!', expect: { accept: true } }) },
];

function base(): Omit<HostileRow, 'reviewId' | 'productId' | 'expect'> {
  return { text: 'A plain, valid review of a fine product', title: 'ok', rating: 4, createdAt: '2024-06-01T12:00:00.000Z', helpfulVotes: 1, totalVotes: 2, language: 'en' };
}

export interface HostileCorpus { rows: HostileRow[]; kinds: Record<string, number>; products: string[] }

/**
 * A deterministic corpus of `size` hostile rows (kinds in weighted rotation), plus `hugeTexts` rows with a 1 MB text and
 * pairs of ids equal after trimming (' id ' and 'id'): the later version is kept, the other rejected as duplicate_review_id.
 */
export function buildHostileCorpus(prefix: string, size: number, now: number, hugeTexts = 3, duplicatePairs = 20): HostileCorpus {
  const products = Array.from({ length: 20 }, (_, i) => `${prefix}-p${i}`);
  const rotation = KINDS.flatMap((k) => Array.from({ length: k.weight }, () => k));
  const rows: HostileRow[] = [];
  const kinds: Record<string, number> = {};
  const add = (kind: string, row: HostileRow): void => { rows.push(row); kinds[kind] = (kinds[kind] ?? 0) + 1; };
  const plain = size - hugeTexts - 2 * duplicatePairs;
  for (let i = 0; i < plain; i++) {
    const kind = rotation[i % rotation.length]!;
    const reviewId = `${prefix}-r${String(i).padStart(6, '0')}`;
    const { linked, ...row } = kind.build(reviewId, i, now);
    add(kind.name, { ...row, reviewId, productId: linked === false ? null : products[i % products.length]! });
  }
  for (let i = 0; i < hugeTexts; i++) {
    add('huge_text_1mb', { ...base(), reviewId: `${prefix}-huge${i}`, productId: products[0]!, text: 'x'.repeat(1_048_576), expect: { reject: 'text_too_long' } });
  }
  for (let i = 0; i < duplicatePairs; i++) {
    const id = `${prefix}-dup${i}`;
    // Inserted in this order, so the padded copy gets the earlier updated_at and loses.
    add('duplicate_id_padded', { ...base(), reviewId: ` ${id} `, productId: products[1]!, text: 'older copy', expect: { reject: 'duplicate_review_id' } });
    add('duplicate_id', { ...base(), reviewId: id, productId: products[1]!, text: 'newer copy', expect: { accept: true, text: 'newer copy' } });
  }
  return { rows, kinds, products };
}

/** Microsecond timestamps after `baseMs`, one per row in corpus order (the extractor's keyset order). */
function updatedAtOf(baseMs: number, i: number): string {
  const iso = new Date(baseMs + Math.floor(i / 1000)).toISOString();
  return iso.replace('Z', `${String(i % 1000).padStart(3, '0')}Z`);
}

/** Inserts the corpus (products, reviews, product links) with strictly increasing updated_at in corpus order. */
export async function insertHostileCorpus(pool: Pool, corpus: HostileCorpus, baseMs: number): Promise<SourceSlice> {
  await pool.query(
    `INSERT INTO product (p_id, name, category, brand, price) SELECT p, 'Hostile ' || p, 'kitchen', 'Acme', 9.99 FROM unnest($1::text[]) p`,
    [corpus.products],
  );
  const chunk = 500;
  for (let start = 0; start < corpus.rows.length; start += chunk) {
    const part = corpus.rows.slice(start, start + chunk);
    await pool.query(
      `INSERT INTO review (review_id, r_desc, title, rating, created_at, updated_at, helpful_votes, total_votes, language)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::int[], $9::text[])`,
      [
        part.map((r) => r.reviewId), part.map((r) => r.text), part.map((r) => r.title), part.map((r) => r.rating),
        part.map((r) => r.createdAt), part.map((_, k) => updatedAtOf(baseMs, start + k)),
        part.map((r) => r.helpfulVotes), part.map((r) => r.totalVotes), part.map((r) => r.language),
      ],
    );
    const linked = part.filter((r) => r.productId !== null);
    await pool.query('INSERT INTO product_reviews (review_id, p_id) SELECT * FROM unnest($1::text[], $2::text[])', [linked.map((r) => r.reviewId), linked.map((r) => r.productId)]);
  }
  const expectedRejects = new Map<string, string>();
  for (const r of corpus.rows) if ('reject' in r.expect) expectedRejects.set(r.reviewId, r.expect.reject);
  return { seed: 0, reviewIds: corpus.rows.map((r) => r.reviewId), expectedRejects };
}
