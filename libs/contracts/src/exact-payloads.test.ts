/**
 * The exact-payload checks are shortcuts for zod, never a second contract: a payload they accept must be one zod
 * accepts and returns unchanged (deep-equal, same key order). Random mutations of valid payloads pin that.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isExactExtractedBatch, isExactLoadJob } from './exact-payloads';
import { ExtractedBatchSchema, LoadJobSchema } from './jobs';

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
const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);
const RUNS = 3000;
const rand = prng(SEED);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

function rawRow(i: number): Record<string, unknown> {
  return {
    reviewId: `s7-r${i}`, productId: 's7-p1', userHash: 'ab'.repeat(16), title: 'Works', text: 'Good <b>value</b>', rating: 5,
    helpfulVotes: 1, totalVotes: 2, language: 'en', hasImage: false, hasSubscription: true, verifiedBuyer: false,
    createdAt: '2021-01-01T02:39:46.235873Z', updatedAt: '2021-01-01T02:39:46.235873Z',
  };
}
const extracted = (): Record<string, unknown> => ({
  runId: 'run-1', batchId: '000001', extractedAt: '2026-12-01T00:00:00.000Z', rows: [rawRow(1), rawRow(2)],
  products: { 's7-p1': { productId: 's7-p1', name: 'Watch', category: null, brand: 'B' } },
});
function classifiedRow(i: number): Record<string, unknown> {
  return {
    reviewId: `s7-r${i}`, runId: 'run-1', productId: 's7-p1', productName: 'Watch', category: null, brand: 'B', userHash: null, title: null,
    text: 'Good value', rating: 4, helpfulVotes: 0, totalVotes: 0, language: 'en', hasImage: false, hasSubscription: false,
    verifiedBuyer: true, createdAt: null, updatedAt: '2021-01-01T02:39:46.235873Z', textLength: 10, wordCount: 2,
    theme: 'quality', confidence: 0.8, themeScores: { quality: 0.8, price: 0.1 },
    themes: [{ theme: 'quality', score: 0.8, polarity: 'positive', evidence: 'Good value' }],
    sentiment: 0.6, sentimentLabel: 'positive', legacyCategory: null, detectedLanguage: 'en', modelId: 'm', themesVersion: 'v1', relevance: 0.5,
  };
}
const loadJob = (): Record<string, unknown> => ({ kind: 'batch', runId: 'run-1', batchId: '000001', rows: [classifiedRow(1), classifiedRow(2)] });

const ODD_VALUES: unknown[] = [
  undefined, null, '', 'x', 'run id with spaces', -1, 0, -0, 0.5, 1, 1.5, 5, 6, NaN, Infinity, -Infinity, true, false, 1n, [], {}, [1],
  { a: 1 }, Object.create(null), new Date(0), 'positive', 'neutral', 'bogus', 'a'.repeat(81), '__proto__',
];

/** Paths to every object/array node and leaf of a payload. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const k of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[k], [...prefix, k]));
  return out;
}

/** One random change at a random node: a value replaced, a key deleted, added or moved, or a prototype swapped. */
function mutate(payload: Record<string, unknown>): void {
  const all = paths(payload).filter((p) => p.length > 0);
  const path = pick(all);
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, payload);
  const key = path[path.length - 1]!;
  switch (int(7)) {
    case 0: case 1: case 2: parent[key] = pick(ODD_VALUES); break;
    case 3: if (!Array.isArray(parent)) delete parent[key]; break;
    case 4: if (!Array.isArray(parent)) parent[pick(['extra', '__proto__', 'constructor', '1'])] = 1; break;
    case 5: if (!Array.isArray(parent)) { const v = parent[key]; delete parent[key]; parent[key] = v; } break; // moved last
    default: {
      const v = parent[key];
      if (typeof v === 'object' && v !== null) parent[key] = Object.assign(Object.create(pick([null, { inherited: 1 }])), v);
    }
  }
}

function check(name: string, base: () => Record<string, unknown>, exact: (d: unknown) => boolean, schema: { safeParse(d: unknown): { success: boolean; data?: unknown } }): void {
  test(`${name}: accepted only when zod accepts it and returns it unchanged`, () => {
    assert.equal(exact(base()), true, 'the payload the stages produce takes the fast path');
    let accepted = 0;
    for (let i = 0; i < RUNS; i++) {
      const payload = base();
      const n = 1 + int(3);
      for (let m = 0; m < n; m++) mutate(payload);
      if (!exact(payload)) continue;
      accepted++;
      const parsed = schema.safeParse(payload);
      assert.equal(parsed.success, true, `seed ${SEED}, run ${i}`);
      assert.deepStrictEqual(parsed.data, payload, `seed ${SEED}, run ${i}`);
      const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
      assert.equal(json(parsed.data), json(payload), `key order, seed ${SEED}, run ${i}`);
    }
    assert.ok(accepted > 0, 'some mutated payloads are still exact');
  });
}

check('isExactExtractedBatch', extracted, isExactExtractedBatch, ExtractedBatchSchema);
check('isExactLoadJob', loadJob, isExactLoadJob, LoadJobSchema);

test('a finalize job and an empty batch', () => {
  assert.equal(isExactLoadJob({ kind: 'finalize', runId: 'r' }), false);
  assert.equal(isExactLoadJob({ kind: 'batch', runId: 'r', batchId: 'b', rows: [] }), true);
  assert.equal(isExactExtractedBatch({ runId: 'r', batchId: 'b', extractedAt: 'x', rows: [], products: {} }), true);
});
