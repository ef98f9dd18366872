import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curatedReadme, duckdbSnapshotQuery } from './lake-readme';

test('the DuckDB query names exactly the manifest parts, in order', () => {
  const q = duckdbSnapshotQuery({ parts: [{ key: 'curated/run=a/part-1.parquet', rows: 2 }, { key: 'curated/run=b/carry-x.parquet', rows: 1 }] }, 'lake');
  assert.equal(q, "SELECT * FROM read_parquet(['s3://lake/curated/run=a/part-1.parquet', 's3://lake/curated/run=b/carry-x.parquet'])");
});

test('the curated README points at the manifest of its own bucket and warns against folder reads', () => {
  const text = curatedReadme('my-bucket');
  assert.match(text, /s3:\/\/my-bucket\/curated\/_latest\.json/);
  assert.match(text, /carry-\*\.parquet/);
});
