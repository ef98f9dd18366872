import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topK } from './top-k';

const asc = (a: number, b: number): number => a - b;

test('returns the k smallest, sorted, matching a full sort on random data', () => {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 50; round++) {
    const items = Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 100));
    const k = Math.floor(rand() * 20);
    assert.deepEqual(topK(items, k, asc), [...items].sort(asc).slice(0, k));
  }
});

test('edge cases: k <= 0, NaN, fractional, larger than input', () => {
  assert.deepEqual(topK([3, 1, 2], 0, asc), []);
  assert.deepEqual(topK([3, 1, 2], -1, asc), []);
  assert.deepEqual(topK([3, 1, 2], NaN, asc), []);
  assert.deepEqual(topK([3, 1, 2], 2.9, asc), [1, 2]);
  assert.deepEqual(topK([3, 1, 2], 10, asc), [1, 2, 3]);
  assert.deepEqual(topK([], 3, asc), []);
});

test('consumes any iterable once and keeps only k items', () => {
  function* gen(): Generator<number> {
    for (let i = 1_000_000; i > 0; i--) yield i;
  }
  const start = process.hrtime.bigint();
  assert.deepEqual(topK(gen(), 3, asc), [1, 2, 3]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`topK: k=3 over 1,000,000 items in ${ms.toFixed(1)} ms`);
});
