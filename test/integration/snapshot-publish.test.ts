// The loader's snapshot publish on FerretDB and s3rver: merge on read (a run adds its parts, earlier parts are not
// read), readers take the last part's row, and compaction rewrites the live rows once past the limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, type Db } from 'mongodb';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { ClassifiedReview } from '@reviewlens/contracts';
import {
  LakeRepository, PARQUET_CONTENT_TYPE, curatedPartKey, duckdbSnapshotQuery, encodeRows, readLatestSnapshot, readSnapshotRows, sha256Hex,
} from '@reviewlens/datalake';
import { sampleCurated } from '../../libs/datalake/src/test-rows';
import { createLogger } from '@reviewlens/observability';
import { RunBatchRepository, RunRepository, WatermarkRepository, ensureIndexes } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { SnapshotPublisher } from '../../apps/loader/src/snapshot.publisher';

describe('snapshot publish: merge on read and compaction', () => {
  let client: MongoClient;
  let db: Db;
  let lake: LakeRepository;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  const limits = { SNAPSHOT_COMPACT_MAX_PARTS: 3, SNAPSHOT_COMPACT_MAX_GROWTH: 10 };

  before(async () => {
    const env = serviceEnv();
    client = await new MongoClient(env.mongoUrl).connect();
    db = client.db(uniqueName('publish', { separator: '_' }));
    await ensureIndexes(db);
    lake = new LakeRepository({
      S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: uniqueName('publish'), S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle,
    });
    await lake.ensureBucket();
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
  });
  after(async () => {
    await db.dropDatabase();
    await client.close();
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  });

  /** Loads one batch of `rows` for a new run the way the loader and archiver record it, then publishes the run. */
  async function publishRun(runId: string, rows: ClassifiedReview[]): Promise<void> {
    await runs.createIfAbsent({ _id: runId, trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    const body = await encodeRows('curated', rows);
    await lake.putObject(curatedPartKey(runId, 'b000001'), body, PARQUET_CONTENT_TYPE);
    for (const stage of ['loader', 'archiver'] as const) {
      await batches.record({ runId, stage, batchId: 'b000001', count: rows.length, durationMs: 1, attempts: 1, ...(stage === 'loader' ? { checksum: sha256Hex(body) } : {}) });
    }
    await runs.markExtracted(runId, 1);
    const publisher = new SnapshotPublisher(limits, lake, runs, batches, new WatermarkRepository(db), createLogger('test', 'warn'));
    const result = await publisher.publishIfComplete(runId, `job-${runId}`);
    assert.equal(result.status, 'published');
  }

  const row = (i: number, text?: string): ClassifiedReview => ({ ...sampleCurated(i), ...(text ? { text } : {}) });

  test('a run that updates and adds reviews appends its part; readers see each review once, in its latest version', async () => {
    await publishRun('r1', [row(1), row(2), row(3)]);
    const first = (await readLatestSnapshot(lake))!;
    assert.equal(first.overlapping, false);
    assert.equal(first.baseRows, 3);

    const reads: string[] = [];
    const getObject = lake.getObject.bind(lake);
    lake.getObject = async (key: string) => { reads.push(key); return getObject(key); };
    try {
      await publishRun('r2', [row(2, 'edited two'), row(4)]);
    } finally {
      lake.getObject = getObject;
    }
    assert.deepEqual(reads.filter((k) => k.endsWith('.parquet')), [], 'publishing read no part');
    const second = (await readLatestSnapshot(lake))!;
    assert.equal(second.overlapping, true);
    assert.deepEqual(second.parts.map((p) => p.key), [curatedPartKey('r1', 'b000001'), curatedPartKey('r2', 'b000001')]);
    assert.equal(second.rowCount, 5, 'rows stored');
    const live = await readSnapshotRows(lake, second);
    assert.deepEqual(live.map((r) => r.reviewId).sort(), ['r1', 'r2', 'r3', 'r4']);
    assert.equal(live.find((r) => r.reviewId === 'r2')?.text, 'edited two');
    assert.match(duckdbSnapshotQuery(second, lake.bucket), /QUALIFY row_number\(\) OVER \(PARTITION BY reviewId/);
  });

  test('a reader with a part cache decodes only the new parts and gets the same rows', async () => {
    const cache = new Map<string, ClassifiedReview[]>();
    const manifest = (await readLatestSnapshot(lake))!;
    const once = await readSnapshotRows(lake, manifest, cache);
    const reads: string[] = [];
    const getObject = lake.getObject.bind(lake);
    lake.getObject = async (key: string) => { reads.push(key); return getObject(key); };
    try {
      assert.deepEqual(await readSnapshotRows(lake, manifest, cache), once);
    } finally {
      lake.getObject = getObject;
    }
    assert.deepEqual(reads, []);
    assert.equal(cache.size, manifest.parts.length);
  });

  test('past the part limit the snapshot is compacted: live rows only, once each, sorted by product', async () => {
    await publishRun('r3', [row(3, 'edited three'), row(5)]);
    assert.equal((await readLatestSnapshot(lake))!.parts.length, 3, 'three parts: still under the limit');
    await publishRun('r4', [row(1, 'edited one')]);
    const compacted = (await readLatestSnapshot(lake))!;
    assert.equal(compacted.overlapping, false);
    assert.ok(compacted.parts.every((p) => p.key.startsWith('curated/compact/snapshot=r4/')), JSON.stringify(compacted.parts));
    assert.equal(compacted.rowCount, 5);
    assert.equal(compacted.baseRows, 5);
    const live = await readSnapshotRows(lake, compacted);
    const texts = Object.fromEntries(live.map((r) => [r.reviewId, r.text]));
    assert.deepEqual(texts, { r1: 'edited one', r2: 'edited two', r3: 'edited three', r4: row(4).text, r5: row(5).text });
    assert.equal(live.length, 5);
    const products = live.map((r) => r.productId);
    assert.deepEqual(products, [...products].sort(), 'sorted by product');
    assert.equal(duckdbSnapshotQuery(compacted, lake.bucket).includes('QUALIFY'), false);
  });
});
