import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LATEST_MANIFEST_KEY, cleanedPartKey, curatedPartKey, rejectsPartKey, runManifestKey, runPrefix } from './lake-keys';

test('part and manifest keys follow the lake layout', () => {
  assert.equal(cleanedPartKey('run-1', 'b000001'), 'cleaned/run=run-1/part-b000001.parquet');
  assert.equal(rejectsPartKey('run-1', 'b000001'), 'rejects/run=run-1/part-b000001.parquet');
  assert.equal(curatedPartKey('2024.05_01', 'replay-3'), 'curated/run=2024.05_01/part-replay-3.parquet');
  assert.equal(runManifestKey('run-1'), 'curated/run=run-1/_manifest.json');
  assert.equal(runPrefix('curated', 'run-1'), 'curated/run=run-1/');
  assert.equal(LATEST_MANIFEST_KEY, 'curated/_latest.json');
});

test('ids that could escape their prefix are refused', () => {
  for (const bad of ['', '..', 'a/b', 'run 1', 'x'.repeat(81), 'é']) {
    assert.throws(() => curatedPartKey(bad, 'b1'), /invalid run id/);
    assert.throws(() => cleanedPartKey('run-1', bad), /invalid batch id/);
  }
});
