import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldCompact } from './compaction';

const limits = { maxParts: 64, maxGrowth: 1.5 };

test('a snapshot is compacted past its part limit or when its stored rows outgrow the rows it was compacted to', () => {
  assert.equal(shouldCompact(10, 1_100, 1_000, limits), false, 'a few small runs: merge on read');
  assert.equal(shouldCompact(65, 1_100, 1_000, limits), true, 'too many parts');
  assert.equal(shouldCompact(10, 1_501, 1_000, limits), true, 'more than half again as many rows stored (a full re-run doubles them)');
  assert.equal(shouldCompact(10, 1_500, 1_000, limits), false);
  assert.equal(shouldCompact(2, 2, 0, limits), true, 'an empty base counts as one row');
});
