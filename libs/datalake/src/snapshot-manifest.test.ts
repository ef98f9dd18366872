import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotManifestSchema, sha256Hex } from './snapshot-manifest';

const base = {
  snapshotId: 's1', runId: 'run-1', createdAt: '2024-05-01T10:00:00.000Z', rowCount: 5,
  parts: [{ key: 'curated/run=run-1/part-b1.parquet', rows: 2 }, { key: 'curated/run=run-1/part-b2.parquet', rows: 3, sha256: sha256Hex(Buffer.from('x')) }],
};

test('a consistent manifest parses; optional fields may be null or absent', () => {
  assert.deepEqual(SnapshotManifestSchema.parse(base), base);
  assert.equal(SnapshotManifestSchema.parse({ ...base, previousSnapshotId: null, modelId: 'm', themesVersion: 'v1' }).previousSnapshotId, null);
});

test('rowCount must equal the sum of part rows, parts must be unique, sha256 well-formed', () => {
  assert.throws(() => SnapshotManifestSchema.parse({ ...base, rowCount: 6 }), /rowCount 6 != sum of part rows 5/);
  assert.throws(() => SnapshotManifestSchema.parse({ ...base, rowCount: 4, parts: [base.parts[0], base.parts[0]] }), /duplicate part/);
  assert.throws(() => SnapshotManifestSchema.parse({ ...base, parts: [{ ...base.parts[0], rows: 5, sha256: 'ABC' }] }), /sha256/);
  assert.throws(() => SnapshotManifestSchema.parse({ ...base, createdAt: 'yesterday' }));
});

test('sha256Hex is the hex digest', () => {
  assert.equal(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
