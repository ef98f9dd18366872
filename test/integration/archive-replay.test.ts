// A run rebuilt from the MongoDB archive alone (ExtractJob.fromArchive): the extraction service in-process on the real
// local Redis and FerretDB, with a source whose every query fails, so the test also shows PostgreSQL is never read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, type Job } from 'bullmq';
import { MongoClient, type Db } from 'mongodb';
import type { Pool } from 'pg';
import { ExtractorConfigSchema, loadConfig } from '@reviewlens/config';
import { QUEUES, type ExtractedBatch, type QueueKey, type RawReview } from '@reviewlens/contracts';
import { createLogger, createStageMetrics } from '@reviewlens/observability';
import { ShutdownSignal, redisOptionsFromUrl } from '@reviewlens/queueing';
import { SourceReviewRepository } from '@reviewlens/source-db';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, ensureIndexes } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { ExtractionService } from '../../apps/extractor/src/extraction.service';

const raw = (id: string, text: string, productId = 'p1'): RawReview => ({
  reviewId: id, productId, userHash: 'u', title: null, text, rating: 4, helpfulVotes: 0, totalVotes: 0, language: 'en',
  hasImage: false, hasSubscription: false, verifiedBuyer: true, createdAt: null, updatedAt: '2024-01-01 00:00:00.000001+00',
});
const products = { p1: { productId: 'p1', name: 'Kettle', category: 'kitchen', brand: 'Acme', price: null } };

describe('rebuild a run from the archive', () => {
  let client: MongoClient;
  let db: Db;
  const queues = new Map<QueueKey, Queue>();
  const prefix = uniqueName('archive-replay');
  let service: ExtractionService;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  let watermarks: WatermarkRepository;

  before(async () => {
    const env = serviceEnv();
    client = await new MongoClient(env.mongoUrl).connect();
    db = client.db(uniqueName('archive_replay', { separator: '_' }));
    await ensureIndexes(db);
    const connection = redisOptionsFromUrl(env.redisUrl);
    for (const key of ['extract', 'archive', 'clean', 'load'] as const) queues.set(key, new Queue(QUEUES[key], { connection, prefix }));
    const archive = new ArchiveRepository(db);
    await archive.appendBatch('orig', 'b000001', '2024-02-01T00:00:00.000Z', [raw('a1', 'first'), raw('a2', 'second')], products);
    await archive.appendBatch('orig', 'b000002', '2024-02-01T00:00:01.000Z', [raw('a3', 'third')], products);
    // A later run archived a2 again: the rebuild must not bring orig's older version of a2 back.
    await archive.appendBatch('later', 'b000001', '2024-03-01T00:00:00.000Z', [raw('a2', 'second, edited')], products);
    const failingPool = { query: async () => { throw new Error('the source must not be read'); } } as unknown as Pool;
    const config = loadConfig('extractor', ExtractorConfigSchema, { ...env.vars, PSEUDONYM_SALT: 'archive-replay-test-salt', QUEUE_PREFIX: prefix });
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
    watermarks = new WatermarkRepository(db);
    await watermarks.set({ updatedAt: '2024-05-01 00:00:00.000001+00', reviewId: 'zz' }, 'later');
    const q = (k: QueueKey) => queues.get(k)!;
    service = new ExtractionService(
      config, new SourceReviewRepository(failingPool), runs, batches, watermarks, archive, q('extract'), q('archive'), q('clean'), q('load'),
      new ShutdownSignal(), createLogger('archive-replay-test', 'silent'), createStageMetrics('archive-replay-test'),
    );
  });
  after(async () => {
    for (const queue of queues.values()) { await queue.obliterate({ force: true }).catch(() => undefined); await queue.close(); }
    await db.dropDatabase();
    await client.close();
  });

  test("the run's latest archived rows go to the cleaner with their products; the source and the watermark are untouched", async () => {
    const job = { attemptsMade: 0, timestamp: Date.now(), updateProgress: async () => undefined } as unknown as Job;
    const result = await service.run({ runId: 'rebuild-1', trigger: 'test', full: true, fromArchive: 'orig' }, job);
    assert.equal(result.status, 'done');
    const cleanJobs = (await queues.get('clean')!.getJobs(['waiting'])).map((j) => j.data as ExtractedBatch).sort((a, b) => a.batchId.localeCompare(b.batchId));
    assert.deepEqual(cleanJobs.map((b) => [b.batchId, b.rows.map((r) => r.reviewId)]), [['b000001', ['a1']], ['b000002', ['a3']]]);
    assert.equal(cleanJobs[0]!.products.p1?.name, 'Kettle');
    assert.equal(cleanJobs[0]!.runId, 'rebuild-1');
    assert.equal(await queues.get('archive')!.count(), 0, 'nothing is archived again');
    const run = (await runs.get('rebuild-1'))!;
    assert.equal(run.status, 'extracted');
    assert.equal(run.batchCount, 2);
    assert.equal(run.fromArchive, 'orig');
    assert.equal(run.cursor, null, 'publishing it cannot move the watermark');
    const records = await batches.forRun('rebuild-1');
    assert.equal(records.filter((b) => b.stage === 'archiver').length, 2, 'archived already: the publish check counts them');
    assert.deepEqual(await watermarks.get(), { updatedAt: '2024-05-01 00:00:00.000001+00', reviewId: 'zz' });
  });
});
