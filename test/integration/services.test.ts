// Round trips against the four local services started by scripts/services/start.sh.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { MongoClient, MongoServerError } from 'mongodb';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { serviceEnv, uniqueName } from '@reviewlens/testing';

const env = serviceEnv();

describe('redis', () => {
  const redis = new Redis(env.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const key = uniqueName('itest-redis');
  before(() => redis.connect());
  after(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  test('set/get round trip and noeviction + AOF settings', async () => {
    assert.equal(await redis.set(key, 'value-1', 'EX', 60), 'OK');
    assert.equal(await redis.get(key), 'value-1');
    assert.deepEqual(await redis.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
    assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'yes']);
  });
});

describe('postgres', () => {
  const owner = new Client({ connectionString: env.sourceDatabaseUrl });
  const reader = new Client({ connectionString: env.sourceDatabaseReadonlyUrl });
  const table = uniqueName('itest_reviews', { separator: '_' });
  before(async () => {
    await owner.connect();
    await reader.connect();
  });
  after(async () => {
    await owner.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all([owner.end(), reader.end()]);
  });

  test('the read-only role can read new tables of the owner but not insert', async () => {
    await owner.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, body text NOT NULL)`);
    await owner.query(`INSERT INTO ${table} (id, body) VALUES ($1, $2)`, [1, 'great']);
    const rows = await reader.query<{ body: string }>(`SELECT body FROM ${table} WHERE id = $1`, [1]);
    assert.deepEqual(rows.rows, [{ body: 'great' }]);
    await assert.rejects(reader.query(`INSERT INTO ${table} (id, body) VALUES (2, 'nope')`), (err: unknown) => {
      assert.equal((err as { code?: string }).code, '42501', 'insufficient_privilege');
      return true;
    });
    await assert.rejects(reader.query(`CREATE TABLE ${table}_x (id int)`), { code: '42501' });
  });
});

describe('ferretdb', () => {
  const client = new MongoClient(env.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  const dbName = uniqueName('itest-mongo');
  before(() => client.connect());
  after(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  test('insert + find, and a unique index rejects a duplicate', async () => {
    const reviews = client.db(dbName).collection<{ _id: string; sku: string; stars: number }>('reviews');
    await reviews.createIndex({ sku: 1 }, { unique: true, name: 'sku_unique' });
    await reviews.insertOne({ _id: 'r1', sku: 'A-1', stars: 5 });
    assert.deepEqual(await reviews.findOne({ sku: 'A-1' }), { _id: 'r1', sku: 'A-1', stars: 5 });
    await assert.rejects(reviews.insertOne({ _id: 'r2', sku: 'A-1', stars: 1 }), (err: unknown) => {
      assert.ok(err instanceof MongoServerError, String(err));
      assert.equal(err.code, 11000);
      return true;
    });
    assert.equal(await reviews.countDocuments({}), 1);
  });
});

describe('s3rver', () => {
  const s3 = new S3Client({
    endpoint: env.s3.endpoint,
    region: env.s3.region,
    forcePathStyle: env.s3.forcePathStyle,
    credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = uniqueName('itest-s3');
  const keys: string[] = [];
  before(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));
  after(async () => {
    if (keys.length) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.destroy();
  });

  test('put/get an object', async () => {
    const key = 'dir/object.json';
    keys.push(key);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{"ok":true}', ContentType: 'application/json' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(await got.Body?.transformToString(), '{"ok":true}');
    assert.equal(got.ContentType, 'application/json');
  });

  test('ListObjectsV2 pages with a continuation token', async () => {
    const paged = Array.from({ length: 5 }, (_, i) => `pages/part-${i}.txt`);
    keys.push(...paged);
    for (const key of paged) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'pages/', MaxKeys: 2, ContinuationToken: token }),
      );
      pages += 1;
      seen.push(...(page.Contents ?? []).map((o) => o.Key as string));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      assert.ok(pages <= 10, 'listing does not end');
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, paged);
  });
});
