// Third-party readers on a published snapshot: the DuckDB query `npm run lake -- duckdb` prints returns each review
// once, in its latest version, over an overlapping (merge on read) snapshot; pyarrow reads the parts' columns typed.
// Runs on local copies of the parts (DuckDB's S3 extension needs a download). Skipped without .cache/lake-venv
// (scripts/test.sh installs DuckDB and pyarrow there from PyPI).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import {
  LakeRepository, PARQUET_CONTENT_TYPE, duckdbSnapshotQuery, encodeRows, publishSnapshot, readLatestSnapshot, readSnapshotRows, sha256Hex,
} from '@reviewlens/datalake';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { sampleCurated } from '../../libs/datalake/src/test-rows';

/** The repository root: the nearest folder above this file holding scripts/lake-readers.py (dist/ or a private outDir). */
function repoRoot(): string {
  for (let d = __dirname; d !== dirname(d); d = dirname(d)) if (existsSync(join(d, 'scripts/lake-readers.py'))) return d;
  return process.cwd();
}
const ROOT = repoRoot();
const PYTHON = join(ROOT, '.cache/lake-venv/bin/python');
const skip = existsSync(PYTHON) ? false : 'DuckDB/pyarrow not installed (.cache/lake-venv; scripts/test.sh installs them)';

describe('lake readers: DuckDB and pyarrow', { skip }, () => {
  let lake: LakeRepository;
  let dir: string;
  before(async () => {
    const env = serviceEnv();
    lake = new LakeRepository({
      S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: uniqueName('readers'), S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle,
    });
    await lake.ensureBucket();
    dir = mkdtempSync(join(tmpdir(), 'lake-readers-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  });

  test('over an overlapping snapshot DuckDB returns what our reader returns; pyarrow sees typed columns', async () => {
    const parts = [];
    const versions = [[sampleCurated(1), sampleCurated(2), sampleCurated(3)], [{ ...sampleCurated(2), text: 'edited two' }, sampleCurated(4)], [{ ...sampleCurated(1), text: 'edited one' }]];
    for (const [i, rows] of versions.entries()) {
      const key = `curated/run=r${i + 1}/part-b000001.parquet`;
      const body = await encodeRows('curated', rows);
      await lake.putObject(key, body, PARQUET_CONTENT_TYPE);
      parts.push({ key, rows: rows.length, sha256: sha256Hex(body) });
      writeFileSync(join(dir, `r${i + 1}.parquet`), body);
    }
    await publishSnapshot(lake, { snapshotId: 'r3', runId: 'r3', createdAt: new Date().toISOString(), rowCount: 6, parts, overlapping: true, baseRows: 3 });
    const manifest = (await readLatestSnapshot(lake))!;
    let sql = duckdbSnapshotQuery(manifest, lake.bucket);
    manifest.parts.forEach((p, i) => { sql = sql.replaceAll(`s3://${lake.bucket}/${p.key}`, join(dir, `r${i + 1}.parquet`)); });
    writeFileSync(join(dir, 'query.sql'), sql);
    const out = JSON.parse(execFileSync(PYTHON, [join(ROOT, 'scripts/lake-readers.py'), join(dir, 'query.sql')], { encoding: 'utf8' }));

    const ours = (await readSnapshotRows(lake, manifest)).map((r) => [r.reviewId, r.text]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    assert.deepEqual(out.duckdb, ours);
    assert.deepEqual(out.duckdb.map((r: string[]) => r[1]).slice(0, 2), ['edited one', 'edited two']);
    assert.equal(out.pyarrow_rows, 6, 'pyarrow reads every stored row of the listed parts');
    assert.equal(out.pyarrow_types.rating, 'int32');
    assert.equal(out.pyarrow_types.confidence, 'double');
    assert.equal(out.pyarrow_types.hasImage, 'bool');
  });
});
