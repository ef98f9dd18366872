import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanedReviewSchema, REJECT_REASONS, type RawReview } from '@reviewlens/contracts';
import { cleanBatch } from './clean-batch';
import { cleanReview } from './clean-review';
import { cleanContext, rawReview } from './raw-review.fixture';
import { invalidUtf8Kind } from './unicode';

/** Seeded PRNG (mulberry32) so a failure can be reproduced from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20240601);
const RUNS = 4000;
const FIELDS = ['reviewId', 'productId', 'userHash', 'title', 'text', 'rating', 'helpfulVotes', 'totalVotes', 'language', 'hasImage', 'hasSubscription', 'verifiedBuyer', 'createdAt', 'updatedAt'];
const FRAGMENTS = [
  '<script>', '</script>', '<style>', '<br>', '<p>', '</p', '<!--', '-->', '&amp;', '&#39;', '&nbsp;', '&#xD800;', '&#0;', '<b class="',
  '"', "'", '>', '<', '\ud800', '\udfff', '😀', '\ufffd', '\u0000', '\u200b', '\u202e', 'e\u0301', ' ', '\n', '\t', 'word', 'ünïcödé',
  '这是', '2024-01-02 03:04:05+00', '__proto__', 'constructor', '\u00a0', '\u3000',
];

function makeGen(rand: () => number) {
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const str = (): string => {
    const parts: string[] = [];
    const n = int(12);
    for (let i = 0; i < n; i++) parts.push(rand() < 0.6 ? pick(FRAGMENTS) : String.fromCharCode(int(0x10000)));
    return parts.join('');
  };
  const value = (depth: number): unknown => {
    switch (int(18)) {
      case 0: return null;
      case 1: return undefined;
      case 2: return int(10) - 2;
      case 3: return pick([NaN, Infinity, -Infinity, -0, 4.5, 1e308, Number.MAX_SAFE_INTEGER + 2]);
      case 4: return str();
      case 5: return String(int(7));
      case 6: return rand() < 0.5;
      case 7: return BigInt(int(10)) - 2n;
      case 8: return Symbol('s');
      case 9: return () => 'fn';
      case 10: return new Date(int(2) ? NaN : 0);
      case 11: return depth > 3 ? {} : { nested: value(depth + 1), __proto__: { evil: true } };
      case 12: return depth > 3 ? [] : [value(depth + 1), value(depth + 1)];
      case 13: return JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}');
      case 14: return 'x'.repeat(int(3) === 0 ? 30_000 : 250);
      case 15: return new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
      case 16: return Object.create(null);
      default: return pick(FRAGMENTS);
    }
  };
  const row = (): unknown => {
    const r = rand();
    if (r < 0.05) return value(0);
    const base: Record<string, unknown> = r < 0.5 ? { ...rawReview() } : {};
    const n = r < 0.5 ? 1 + int(3) : FIELDS.length;
    for (let i = 0; i < n; i++) base[pick(FIELDS)] = value(0);
    if (rand() < 0.1) Object.defineProperty(base, pick(FIELDS), { get: () => { throw new Error('getter'); }, enumerable: true });
    if (rand() < 0.05) return JSON.parse(`{"__proto__": {"text": "polluted", "rating": 5}, "reviewId": "p${int(9)}"}`);
    return base;
  };
  return { row };
}

test(`cleanReview is total and its output always satisfies the contract (${RUNS} hostile rows, seed ${SEED})`, () => {
  const gen = makeGen(prng(SEED));
  const ctx = cleanContext({ maxChars: 20_000 });
  const reasons = new Set<string>(REJECT_REASONS);
  const seen: Record<string, number> = {};
  const rows: unknown[] = [];
  for (let i = 0; i < RUNS; i++) {
    const raw = gen.row();
    rows.push(raw);
    let result;
    try {
      result = cleanReview(raw as RawReview, ctx);
    } catch (error) {
      assert.fail(`row ${i} threw: ${String(error)}`);
    }
    const key = result.ok ? 'ok' : result.reason;
    seen[key] = (seen[key] ?? 0) + 1;
    if (!result.ok) {
      assert.ok(reasons.has(result.reason), `unknown reason ${result.reason}`);
      assert.equal(typeof result.detail, 'string');
      continue;
    }
    const row = CleanedReviewSchema.parse(result.row);
    assert.ok(row.text.length > 0 && row.text === row.text.trim());
    assert.equal(invalidUtf8Kind(row.text), null);
    assert.ok(!/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]|\s\s/.test(row.text), 'no controls, no whitespace runs');
    assert.equal(row.text, row.text.normalize('NFC'));
    assert.ok(row.textLength <= ctx.maxChars);
    assert.ok(row.totalVotes >= row.helpfulVotes);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  assert.equal(({} as Record<string, unknown>).evil, undefined);
  // The generator must actually exercise both paths and many reasons, or the property says little.
  assert.ok((seen.ok ?? 0) > 50, JSON.stringify(seen));
  assert.ok(Object.keys(seen).length >= 9, JSON.stringify(seen));

  const batch = cleanBatch(rows as RawReview[], ctx);
  assert.equal(batch.cleaned.length + batch.rejects.length, rows.length);
  const ids = batch.cleaned.map((r) => r.reviewId);
  assert.equal(new Set(ids).size, ids.length, 'no duplicate ids survive a batch');
  console.log(`outcomes over ${RUNS} rows:`, JSON.stringify(seen));
});
