import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curatedReadme, duckdbSnapshotQuery } from './lake-readme';

const parts = [{ key: 'curated/run=a/part-1.parquet', rows: 2 }, { key: 'curated/run=b/part-b000001.parquet', rows: 1 }];

test('the DuckDB query names exactly the manifest parts, in order', () => {
  const q = duckdbSnapshotQuery({ parts }, 'lake');
  assert.equal(q, "SELECT * FROM read_parquet(['s3://lake/curated/run=a/part-1.parquet', 's3://lake/curated/run=b/part-b000001.parquet'])");
});

test('over an overlapping snapshot, the DuckDB query keeps the row of the last part listed per review id', () => {
  const q = duckdbSnapshotQuery({ parts, overlapping: true }, 'lake');
  const list = "['s3://lake/curated/run=a/part-1.parquet', 's3://lake/curated/run=b/part-b000001.parquet']";
  assert.equal(q, `SELECT * EXCLUDE (filename) FROM read_parquet(${list}, filename = true) `
    + `QUALIFY row_number() OVER (PARTITION BY reviewId ORDER BY list_position(${list}, filename) DESC) = 1`);
});

test('the curated README points at the manifest of its own bucket and explains overlapping parts', () => {
  const text = curatedReadme('my-bucket');
  assert.match(text, /s3:\/\/my-bucket\/curated\/_latest\.json/);
  assert.match(text, /"overlapping": true/);
  assert.match(text, /LAST part listed/);
  assert.match(text, /Do NOT read this folder/);
});
