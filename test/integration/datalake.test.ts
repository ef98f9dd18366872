import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { S3Config } from '@reviewlens/config';
import type { ClassifiedReview } from '@reviewlens/contracts';
import {
  LATEST_MANIFEST_KEY, LakeRepository, PARQUET_CONTENT_TYPE, cleanedPartKey, curatedPartKey, decodeRows, encodeRows,
  CURATED_README_KEY, publishSnapshot, readLatestSnapshot, readSnapshotRows, rejectsPartKey, runManifestKey, sha256Hex,
  type RejectRecord, type SnapshotManifest,
} from '@reviewlens/datalake';
import { serviceEnv, uniqueName } from '@reviewlens/testing';

function s3Config(bucket: string): S3Config {
  const s3 = serviceEnv().s3;
  return {
    S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: s3.forcePathStyle,
  };
}

/** Runs the body against a fresh bucket and deletes the bucket (and everything in it) afterwards. */
async function withBucket(name: string, body: (lake: LakeRepository) => Promise<void>): Promise<void> {
  const lake = new LakeRepository(s3Config(uniqueName(`lake-${name}`)));
  await lake.ensureBucket();
  try {
    await body(lake);
  } finally {
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  }
}

function review(runId: string, i: number): ClassifiedReview {
  const text = i % 2 ? `Très bon produit 👍 №${i}` : `质量很好 ${i}`;
  return {
    reviewId: `r${i}`, runId, productId: `p${i % 3}`, productName: i % 4 ? `Product ${i % 3}` : null, category: 'Food',
    brand: null, userHash: `u${i}`, title: null, text, rating: 1 + (i % 5), helpfulVotes: i, totalVotes: i + 1,
    language: 'fr', hasImage: i % 2 === 0, hasSubscription: false, verifiedBuyer: true, createdAt: null,
    updatedAt: '2024-05-02 10:00:00.123456+00', textLength: text.length, wordCount: 4,
    theme: 'price', confidence: 0.5 + i / 1000, themeScores: { price: 0.5 + i / 1000, defect: 0.1 },
    themes: i % 3 ? [{ theme: 'price', score: 0.5 + i / 1000, polarity: 'positive', evidence: text }] : [],
    sentiment: i % 3 ? 0.5 : null, sentimentLabel: i % 3 ? 'positive' : null, legacyCategory: i % 3 ? 'price value' : null,
    detectedLanguage: i % 2 ? 'fr' : 'zh',
    modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: 'v1', relevance: i / 7,
  };
}
const reviews = (runId: string, from: number, count: number): ClassifiedReview[] =>
  Array.from({ length: count }, (_, k) => review(runId, from + k));

async function putCuratedPart(lake: LakeRepository, runId: string, batchId: string, rows: ClassifiedReview[]) {
  const key = curatedPartKey(runId, batchId);
  const body = await encodeRows('curated', rows);
  await lake.putObject(key, body, PARQUET_CONTENT_TYPE);
  return { key, rows: rows.length, sha256: sha256Hex(body) };
}

function manifestOf(snapshotId: string, runId: string, parts: SnapshotManifest['parts'], extra: Partial<SnapshotManifest> = {}): SnapshotManifest {
  return {
    snapshotId, runId, createdAt: new Date().toISOString(), rowCount: parts.reduce((n, p) => n + p.rows, 0), parts,
    modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: 'v1', ...extra,
  };
}

describe('datalake on S3 (s3rver)', () => {
  test('parts of every layer round trip through S3; absent keys read as null', async () => {
    await withBucket('parts', async (lake) => {
      const curated = reviews('run-1', 0, 25);
      const cleaned = curated.map(({ theme, confidence, themeScores, themes, sentiment, sentimentLabel, legacyCategory, detectedLanguage, modelId, themesVersion, relevance, ...c }) => c);
      const rejects: RejectRecord[] = [
        { reviewId: null, runId: 'run-1', batchId: 'b000001', reason: 'missing_review_id', detail: null, raw: '{"text":"x"}' },
        { reviewId: 'r9', runId: 'run-1', batchId: 'b000001', reason: 'invalid_rating', detail: 'rating 7', raw: '{"rating":7}' },
      ];
      await lake.putObject(cleanedPartKey('run-1', 'b000001'), await encodeRows('cleaned', cleaned), PARQUET_CONTENT_TYPE);
      await lake.putObject(rejectsPartKey('run-1', 'b000001'), await encodeRows('rejects', rejects), PARQUET_CONTENT_TYPE);
      await lake.putObject(curatedPartKey('run-1', 'b000001'), await encodeRows('curated', curated), PARQUET_CONTENT_TYPE);

      assert.deepEqual(await decodeRows('cleaned', (await lake.getObject(cleanedPartKey('run-1', 'b000001')))!), cleaned);
      assert.deepEqual(await decodeRows('rejects', (await lake.getObject(rejectsPartKey('run-1', 'b000001')))!), rejects);
      assert.deepEqual(await decodeRows('curated', (await lake.getObject(curatedPartKey('run-1', 'b000001')))!), curated);
      assert.deepEqual(await lake.listKeys('curated/'), ['curated/run=run-1/part-b000001.parquet']);
      assert.equal(await lake.getObject('curated/run=run-1/part-nope.parquet'), null);
      assert.equal(await lake.getJson('nothing.json'), null);
      assert.equal(await lake.exists(cleanedPartKey('run-1', 'b000001')), true);
      assert.equal(await lake.exists(cleanedPartKey('run-1', 'b000002')), false);
    });
  });

  test('listKeys follows continuation tokens past 1000 keys; deleteKeys removes them all', async () => {
    await withBucket('paging', async (lake) => {
      const keys = Array.from({ length: 1234 }, (_, i) => `cleaned/run=big/part-${String(i).padStart(5, '0')}.parquet`);
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(keys.slice(i, i + 50).map((k) => lake.putObject(k, 'x', 'text/plain')));
      }
      await lake.putObject('cleaned/run=other/part-1.parquet', 'y', 'text/plain');
      const listed = await lake.listKeys('cleaned/run=big/');
      assert.equal(listed.length, 1234);
      assert.deepEqual(listed, keys);
      await lake.deleteKeys(listed);
      assert.deepEqual(await lake.listKeys('cleaned/run=big/'), []);
      assert.deepEqual(await lake.listKeys('cleaned/'), ['cleaned/run=other/part-1.parquet']);
    });
  });

  test('re-putting a part with the same key replaces it', async () => {
    await withBucket('reput', async (lake) => {
      await putCuratedPart(lake, 'run-1', 'b000001', reviews('run-1', 0, 3));
      const second = reviews('run-1', 100, 2);
      await putCuratedPart(lake, 'run-1', 'b000001', second);
      assert.deepEqual(await decodeRows('curated', (await lake.getObject(curatedPartKey('run-1', 'b000001')))!), second);
      assert.deepEqual(await lake.listKeys('curated/run=run-1/'), [curatedPartKey('run-1', 'b000001')]);
    });
  });

  test('publishSnapshot writes the run manifest and switches _latest.json; readers get every row', async () => {
    await withBucket('publish', async (lake) => {
      assert.equal(await readLatestSnapshot(lake), null);
      const p1 = await putCuratedPart(lake, 'run-1', 'b000001', reviews('run-1', 0, 10));
      const p2 = await putCuratedPart(lake, 'run-1', 'b000002', reviews('run-1', 10, 7));
      const first = manifestOf('snap-1', 'run-1', [p1, p2], { previousSnapshotId: null });
      await publishSnapshot(lake, first);
      assert.deepEqual(await readLatestSnapshot(lake), first);
      assert.deepEqual(await lake.getJson(runManifestKey('run-1')), first);
      assert.deepEqual(await readSnapshotRows(lake, first), reviews('run-1', 0, 17));
      // Folder readers are told to go through the manifest (field case 18).
      const readme = (await lake.getObject(CURATED_README_KEY))?.toString('utf8') ?? '';
      assert.match(readme, /curated\/_latest\.json/);
      assert.match(readme, /Do NOT read this folder/);

      const p3 = await putCuratedPart(lake, 'run-2', 'b000001', reviews('run-2', 50, 4));
      const second = manifestOf('snap-2', 'run-2', [p1, p3], { previousSnapshotId: 'snap-1' });
      await publishSnapshot(lake, second);
      assert.equal((await readLatestSnapshot(lake))?.snapshotId, 'snap-2');
      assert.equal((await readSnapshotRows(lake, second)).length, 14);
      await publishSnapshot(lake, second); // a retried publish of the current snapshot is fine

      const stale = manifestOf('snap-3', 'run-3', [p1], { previousSnapshotId: 'snap-1' });
      await assert.rejects(publishSnapshot(lake, stale), /latest is snap-2, manifest was built on snap-1/);
      assert.equal((await readLatestSnapshot(lake))?.snapshotId, 'snap-2');
    });
  });

  test('a manifest pointing at a missing part is refused and nothing is written', async () => {
    await withBucket('missing', async (lake) => {
      const p1 = await putCuratedPart(lake, 'run-1', 'b000001', reviews('run-1', 0, 5));
      const missing = { key: curatedPartKey('run-1', 'b000002'), rows: 5 };
      await assert.rejects(publishSnapshot(lake, manifestOf('snap-1', 'run-1', [p1, missing])),
        /snapshot snap-1 refused: 1 part\(s\) missing, e\.g\. curated\/run=run-1\/part-b000002\.parquet/);
      assert.equal(await readLatestSnapshot(lake), null);
      assert.equal(await lake.exists(runManifestKey('run-1')), false);
      await assert.rejects(publishSnapshot(lake, { ...manifestOf('snap-1', 'run-1', [p1]), rowCount: 99 }), /rowCount 99 != sum/);
    });
  });

  test('readSnapshotRows detects corrupted, truncated and miscounted parts', async () => {
    await withBucket('corrupt', async (lake) => {
      const rows = reviews('run-1', 0, 6);
      const withSum = await putCuratedPart(lake, 'run-1', 'b000001', rows);
      const noSum = { ...(await putCuratedPart(lake, 'run-1', 'b000002', rows)), sha256: undefined };
      const manifest = manifestOf('snap-1', 'run-1', [withSum, noSum]);
      await publishSnapshot(lake, manifest);
      assert.equal((await readSnapshotRows(lake, manifest)).length, 12);

      const good = (await lake.getObject(withSum.key))!;
      const flipped = Buffer.from(good);
      flipped[Math.floor(flipped.length / 2)] ^= 0xff;
      await lake.putObject(withSum.key, flipped, PARQUET_CONTENT_TYPE);
      await assert.rejects(readSnapshotRows(lake, manifest), /part curated\/run=run-1\/part-b000001\.parquet is corrupted: sha256 mismatch/);
      await lake.putObject(withSum.key, good, PARQUET_CONTENT_TYPE);

      await lake.putObject(noSum.key, good.subarray(0, good.length - 100), PARQUET_CONTENT_TYPE);
      await assert.rejects(readSnapshotRows(lake, manifest), /part curated\/run=run-1\/part-b000002\.parquet is corrupted: /);

      await lake.putObject(noSum.key, await encodeRows('curated', rows.slice(0, 4)), PARQUET_CONTENT_TYPE);
      await assert.rejects(readSnapshotRows(lake, manifest), /part-b000002\.parquet has 4 rows, manifest says 6/);

      await lake.deleteKeys([noSum.key]);
      await assert.rejects(readSnapshotRows(lake, manifest), /part-b000002\.parquet is missing/);
    });
  });

  test('large bodies (>5 MB) upload in parts and round trip byte-exact, from a buffer and from a stream', async () => {
    await withBucket('large', async (lake) => {
      const big = randomBytes(12 * 1024 * 1024 + 17);
      await lake.putObject('blobs/big.bin', big, 'application/octet-stream');
      const back = (await lake.getObject('blobs/big.bin'))!;
      assert.equal(back.length, big.length);
      assert.equal(sha256Hex(back), sha256Hex(big));

      const chunks = Array.from({ length: 17 }, () => randomBytes(1024 * 1024 + 3));
      const whole = Buffer.concat(chunks);
      await lake.putObject('blobs/streamed.bin', Readable.from(chunks), 'application/octet-stream');
      const streamed = (await lake.getObject('blobs/streamed.bin'))!;
      assert.equal(streamed.length, whole.length);
      assert.equal(sha256Hex(streamed), sha256Hex(whole));

      const mid = randomBytes(6 * 1024 * 1024);
      await lake.putObject('blobs/mid.bin', mid, 'application/octet-stream');
      assert.equal(sha256Hex((await lake.getObject('blobs/mid.bin'))!), sha256Hex(mid));
    });
  });
});
