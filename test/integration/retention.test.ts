// The retention job on the real local Redis, FerretDB and s3rver: with SNAPSHOT_KEEP=2 it deletes the curated parts
// and manifests no kept snapshot needs (merge on read and a compaction in between) and keeps every part the last 2
// manifests and the pinned one list; run bookkeeping, claims, cleaned/rejects parts, stored rejects and dead letters
// go when older than their limit, never a run a kept snapshot references nor a run in flight; a dry run deletes
// nothing and reports the same lists; the extractor's scheduler registers the job and counts what it purges.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { Registry } from 'prom-client';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { ExtractorConfigSchema, loadConfig } from '@reviewlens/config';
import { QUEUES, type ClassifiedReview, type DeadLetterEntry } from '@reviewlens/contracts';
import {
  LakeRepository, PARQUET_CONTENT_TYPE, SnapshotManifestSchema, cleanedPartKey, curatedPartKey, encodeRows, readLatestSnapshot, readSnapshotRows,
  rejectsPartKey, runManifestKey, sha256Hex,
} from '@reviewlens/datalake';
import { createLogger, createStageMetrics } from '@reviewlens/observability';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import {
  claimKeys, createRetentionMetrics, runRetention, snapshotPinKey, type RetentionDeps, type RetentionOptions, type RetentionReport,
} from '@reviewlens/retention';
import { COLLECTIONS, RunBatchRepository, RunRepository, WatermarkRepository, ensureIndexes } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { SnapshotPublisher } from '../../apps/loader/src/snapshot.publisher';
import { MAINTENANCE_QUEUE, RETENTION_SCHEDULER_ID, RetentionScheduler } from '../../apps/extractor/src/retention.scheduler';
import { sampleCleaned, sampleCurated } from '../../libs/datalake/src/test-rows';

const DAY = 86_400_000;

describe('retention: what goes, and nothing a rollback needs', () => {
  const env = serviceEnv();
  const prefix = uniqueName('retention');
  let client: MongoClient;
  let db: Db;
  let lake: LakeRepository;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  let dlq: Queue;
  let redis: Redis;
  const logger = createLogger('retention-test', 'silent');

  before(async () => {
    client = await new MongoClient(env.mongoUrl).connect();
    db = client.db(uniqueName('retention', { separator: '_' }));
    await ensureIndexes(db);
    lake = new LakeRepository({
      S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: prefix, S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle,
    });
    await lake.ensureBucket();
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
    const connection = redisOptionsFromUrl(env.redisUrl);
    dlq = new Queue(QUEUES.deadLetter, { connection, prefix });
    redis = new Redis(connection);
  });
  after(async () => {
    await dlq.obliterate({ force: true }).catch(() => undefined);
    await dlq.close();
    const maintenance = new Queue(MAINTENANCE_QUEUE, { connection: redisOptionsFromUrl(env.redisUrl), prefix });
    await maintenance.obliterate({ force: true }).catch(() => undefined);
    await maintenance.close();
    const leftovers = await redis.keys(`${prefix}:*`);
    if (leftovers.length) await redis.del(...leftovers);
    redis.disconnect();
    await db.dropDatabase();
    await client.close();
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  });

  const row = (i: number, text?: string): ClassifiedReview => ({ ...sampleCurated(i), ...(text ? { text } : {}) });

  /** One-batch run loaded and archived the loader's way, then published (compacting past 3 parts). */
  async function publishRun(runId: string, rows: ClassifiedReview[]): Promise<void> {
    await runs.createIfAbsent({ _id: runId, trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    const body = await encodeRows('curated', rows);
    await lake.putObject(curatedPartKey(runId, 'b000001'), body, PARQUET_CONTENT_TYPE);
    await lake.putObject(cleanedPartKey(runId, 'b000001'), await encodeRows('cleaned', [sampleCleaned(1)]), PARQUET_CONTENT_TYPE);
    for (const stage of ['loader', 'archiver'] as const) {
      await batches.record({ runId, stage, batchId: 'b000001', count: rows.length, durationMs: 1, attempts: 1, ...(stage === 'loader' ? { checksum: sha256Hex(body) } : {}) });
    }
    await runs.markExtracted(runId, 1);
    const publisher = new SnapshotPublisher({ SNAPSHOT_COMPACT_MAX_PARTS: 3, SNAPSHOT_COMPACT_MAX_GROWTH: 10 }, lake, runs, batches, new WatermarkRepository(db), logger);
    assert.equal((await publisher.publishIfComplete(runId, `job-${runId}`)).status, 'published');
  }

  const deps = (): RetentionDeps => ({ db, lake, redis, deadLetterQueue: dlq, queuePrefix: prefix });
  const options = (dryRun: boolean): RetentionOptions => ({ runMaxAgeMs: 30 * DAY, deadLetterMaxAgeMs: 30 * DAY, snapshotKeep: 2, curatedGraceMs: 0, dryRun });
  const setCreatedAt = (runId: string, at: Date) => db.collection(COLLECTIONS.runs).updateOne({ _id: runId as never }, { $set: { createdAt: at } });
  const deadLetter = (runId: string, failedAt: Date): DeadLetterEntry => ({
    stage: 'loader', queue: QUEUES.load, reason: 'retries_exhausted', error: 'boom', runId, batchId: 'b000001', payload: {}, failedAt: failedAt.toISOString(), attemptsMade: 3,
  });

  let dry: RetentionReport;

  test('setup: six snapshots with overlapping parts and a compaction, old runs, a pin, dead letters and rejects', async () => {
    const old = new Date(Date.now() - 60 * DAY);
    await publishRun('s1', [row(1), row(2), row(3)]);
    await publishRun('s2', [row(2, 'two v2'), row(4)]);
    await publishRun('s3', [row(3, 'three v2'), row(5)]);
    await publishRun('s4', [row(1, 'one v2')]); // 4 parts > 3: compacted into curated/compact/snapshot=s4/
    await publishRun('s5', [row(6)]);
    await publishRun('s6', [row(2, 'two v3')]);
    const latest = (await readLatestSnapshot(lake))!;
    assert.equal(latest.runId, 's6');
    assert.deepEqual(latest.parts.map((p) => p.key), ['curated/compact/snapshot=s4/part-000001.parquet', curatedPartKey('s5', 'b000001'), curatedPartKey('s6', 'b000001')]);
    for (const id of ['s1', 's2', 's3', 's4', 's5', 's6']) await setCreatedAt(id, old);
    await redis.set(snapshotPinKey(prefix), 's2'); // the api pinned the second snapshot (a rollback)

    // A cancelled old run (bookkeeping, claims, cleaned and rejects parts, a curated part), a recent one, an active old one.
    await runs.createIfAbsent({ _id: 'gone', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    await runs.cancel('gone');
    await setCreatedAt('gone', old);
    await batches.record({ runId: 'gone', stage: 'extractor', batchId: 'b000001', count: 1, durationMs: 1, attempts: 1 });
    await redis.hset(claimKeys(prefix, ['gone'])[0]!, 'r1', 'b000001');
    await lake.putObject(cleanedPartKey('gone', 'b000001'), await encodeRows('cleaned', [sampleCleaned(1)]), PARQUET_CONTENT_TYPE);
    await lake.putObject(rejectsPartKey('gone', 'b000001'), await encodeRows('rejects', [{ reviewId: 'x', runId: 'gone', batchId: 'b000001', reason: 'empty_text', detail: null, raw: '{}' }]), PARQUET_CONTENT_TYPE);
    await lake.putObject(curatedPartKey('gone', 'b000001'), await encodeRows('curated', [row(9)]), PARQUET_CONTENT_TYPE);
    await runs.createIfAbsent({ _id: 'recent', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    await runs.cancel('recent');
    await lake.putObject(cleanedPartKey('recent', 'b000001'), await encodeRows('cleaned', [sampleCleaned(1)]), PARQUET_CONTENT_TYPE);
    await runs.createIfAbsent({ _id: 'active', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    await setCreatedAt('active', old);
    await lake.putObject(curatedPartKey('active', 'b000001'), await encodeRows('curated', [row(8)]), PARQUET_CONTENT_TYPE);
    await lake.putObject(cleanedPartKey('active', 'b000001'), await encodeRows('cleaned', [sampleCleaned(8)]), PARQUET_CONTENT_TYPE);

    await dlq.add('dead-letter', deadLetter('gone', new Date(Date.now() - 40 * DAY)), { jobId: 'old-entry' });
    await dlq.add('dead-letter', deadLetter('recent', new Date()), { jobId: 'new-entry' });
    await db.collection('rejects').insertMany([
      { _id: 'gone|b000001|0' as never, runId: 'gone', at: new Date(Date.now() - 31 * DAY) },
      { _id: 'recent|b000001|0' as never, runId: 'recent', at: new Date() },
    ]);
  });

  test('a dry run deletes nothing and lists exactly what is past its limit', async () => {
    const keysBefore = await lake.listKeys('');
    const runsBefore = await db.collection(COLLECTIONS.runs).countDocuments();
    dry = await runRetention(deps(), options(true));
    assert.deepEqual(await lake.listKeys(''), keysBefore, 'no lake object deleted');
    assert.equal(await db.collection(COLLECTIONS.runs).countDocuments(), runsBefore);
    assert.equal(await dlq.getWaitingCount(), 2);

    const items = (store: keyof RetentionReport['stores']) => [...dry.stores[store].items].sort();
    assert.deepEqual(dry.keptSnapshots.map((s) => s.runId).sort(), ['s2', 's5', 's6']);
    assert.deepEqual(items('lake_manifests'), [runManifestKey('s1'), runManifestKey('s3'), runManifestKey('s4')]);
    assert.deepEqual(items('lake_curated'), [curatedPartKey('gone', 'b000001'), curatedPartKey('s3', 'b000001'), curatedPartKey('s4', 'b000001')]);
    // cleaned/ and rejects/ go by the run's age alone: no snapshot reads them.
    assert.deepEqual(items('lake_cleaned'), ['gone', 's1', 's2', 's3', 's4', 's5', 's6'].map((id) => cleanedPartKey(id, 'b000001')));
    assert.deepEqual(items('lake_rejects'), [rejectsPartKey('gone', 'b000001')]);
    assert.deepEqual(items('runs'), ['gone', 's3'], 's1, s2 (pinned), s4 (compaction), s5, s6 are referenced; active is in flight');
    assert.deepEqual(items('run_batches'), ['gone|extractor|b000001', 's3|archiver|b000001', 's3|loader|b000001']);
    assert.deepEqual(items('run_claims'), claimKeys(prefix, ['gone']));
    assert.deepEqual(items('rejects'), ['gone|b000001|0']);
    assert.deepEqual(items('dead_letter'), ['old-entry']);
    assert.equal(dry.stores.lake_curated.count, 3, 'a dry run counts what it would delete');
  });

  test('the real pass deletes exactly the dry run\'s lists; every part the last 2 and the pinned manifest list survives', async () => {
    const registry = new Registry();
    const metrics = createRetentionMetrics(registry);
    const lines: { store: string; purged?: number }[] = [];
    const report = await runRetention(deps(), options(false), { metrics, logger: { info: (o) => lines.push(o as never), warn: () => undefined } });
    for (const [store, v] of Object.entries(report.stores)) {
      assert.deepEqual([...v.items].sort(), [...dry.stores[store as keyof RetentionReport['stores']].items].sort(), store);
    }
    assert.equal(lines.length, 9, 'one log line per store');
    assert.equal(lines.find((l) => l.store === 'lake_curated')?.purged, 3);
    assert.match(await registry.metrics(), /reviewlens_retention_purged_total\{store="lake_curated"\} 3/);
    assert.match(await registry.metrics(), /reviewlens_retention_purged_total\{store="runs"\} 2/);

    const remaining = new Set(await lake.listKeys(''));
    for (const store of ['lake_manifests', 'lake_curated', 'lake_cleaned', 'lake_rejects'] as const) {
      for (const key of dry.stores[store].items) assert.equal(remaining.has(key), false, `${key} deleted`);
    }
    for (const runId of ['s2', 's5', 's6']) {
      const manifest = SnapshotManifestSchema.parse(await lake.getJson(runManifestKey(runId)));
      for (const p of manifest.parts) assert.ok(remaining.has(p.key), `${p.key} of kept snapshot ${runId} exists`);
      assert.ok((await readSnapshotRows(lake, manifest)).length > 0, `snapshot ${runId} still reads (rollback possible)`);
    }
    assert.ok(remaining.has(curatedPartKey('active', 'b000001')), 'an active run\'s parts stay');
    assert.ok(remaining.has(cleanedPartKey('recent', 'b000001')), 'a recent run\'s cleaned parts stay');
    assert.ok(remaining.has('curated/_latest.json') && remaining.has('curated/README.txt'));
    assert.deepEqual((await runs.list(50)).map((r) => r._id).sort(), ['active', 'recent', 's1', 's2', 's4', 's5', 's6']);
    assert.equal(await redis.exists(claimKeys(prefix, ['gone'])[0]!), 0);
    assert.deepEqual((await dlq.getWaiting()).map((j) => j.id), ['new-entry']);
    assert.deepEqual((await db.collection('rejects').find().toArray()).map((d) => d._id), ['recent|b000001|0']);

    const again = await runRetention(deps(), options(false));
    assert.ok(Object.values(again.stores).every((v) => v.count === 0), 'a second pass finds nothing more');
  });

  test('the extractor schedules the job on RETENTION_CRON and counts what it purges on its /metrics registry', async () => {
    const config = loadConfig('extractor', ExtractorConfigSchema, {
      ...env.vars, PSEUDONYM_SALT: 'retention-test-salt-0', QUEUE_PREFIX: prefix, S3_BUCKET: prefix, RETENTION_CRON: '0 4 * * *',
      SNAPSHOT_KEEP: '2', RETENTION_CURATED_GRACE: '0',
    });
    assert.equal(config.RETENTION_MAX_AGE, 30 * DAY, 'default 30d');
    assert.equal(config.DEAD_LETTER_MAX_AGE, 30 * DAY);
    assert.throws(() => loadConfig('extractor', ExtractorConfigSchema, { ...env.vars, PSEUDONYM_SALT: 'retention-test-salt-0', RETENTION_MAX_AGE: '30 days' }), /RETENTION_MAX_AGE/);
    const stageMetrics = createStageMetrics('extractor-test');
    const scheduler = new RetentionScheduler(config, db, dlq, logger, stageMetrics);
    try {
      await scheduler.onApplicationBootstrap();
      const maintenance = new Queue(MAINTENANCE_QUEUE, { connection: redisOptionsFromUrl(env.redisUrl), prefix });
      const schedulers = await maintenance.getJobSchedulers();
      await maintenance.close();
      assert.deepEqual(schedulers.map((s) => [s.key, s.pattern]), [[RETENTION_SCHEDULER_ID, '0 4 * * *']]);
      await lake.putObject(curatedPartKey('stray', 'b000001'), await encodeRows('curated', [row(7)]), PARQUET_CONTENT_TYPE);
      const dryRun = await scheduler.runOnce(true);
      assert.equal(dryRun.purged.lake_curated, 1);
      assert.equal(await lake.exists(curatedPartKey('stray', 'b000001')), true);
      const summary = await scheduler.runOnce(false);
      assert.equal(summary.purged.lake_curated, 1);
      assert.deepEqual(summary.keptSnapshots.sort(), ['s2', 's5', 's6']);
      assert.equal(await lake.exists(curatedPartKey('stray', 'b000001')), false);
      assert.match(await stageMetrics.registry.metrics(), /reviewlens_retention_purged_total\{[^}]*store="lake_curated"[^}]*\} 1/);
    } finally {
      await scheduler.onModuleDestroy();
    }
  });
});
