// Run lifecycle on the real local Redis, FerretDB and s3rver, with the real loader processor, dead-letter handling,
// api run/dead-letter services and the extractor's stall watchdog in-process: a run whose load job is dead-lettered
// fails with the stage, batch and error and stops blocking; the next run publishes; a cancelled run publishes nothing
// and leaves no job behind; a run without progress fails as stalled; a replay resumes only the latest failed run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker, type Job } from 'bullmq';
import { MongoClient, type Db } from 'mongodb';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { ExtractorConfigSchema, loadConfig } from '@reviewlens/config';
import { QUEUES, jobIds, type DeadLetterEntry, type LoadJob, type QueueKey } from '@reviewlens/contracts';
import { LakeRepository, readLatestSnapshot } from '@reviewlens/datalake';
import { createLogger, createStageMetrics } from '@reviewlens/observability';
import { DeadLetterPublisher, ShutdownSignal, redisOptionsFromUrl, workerOptionsFor, type StageWorkerDeps } from '@reviewlens/queueing';
import { SourceReviewRepository } from '@reviewlens/source-db';
import pino from 'pino';
import type { Pool } from 'pg';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, buildRunReport, ensureIndexes } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { DeadLetterService } from '../../apps/api/src/dead-letter/dead-letter.service';
import { RunsService } from '../../apps/api/src/runs/runs.service';
import { ExtractionService } from '../../apps/extractor/src/extraction.service';
import { RunWatchdog } from '../../apps/extractor/src/run-watchdog';
import { LoaderProcessor } from '../../apps/loader/src/loader.processor';
import { SnapshotPublisher } from '../../apps/loader/src/snapshot.publisher';
import { sampleCurated } from '../../libs/datalake/src/test-rows';

/** A lake whose writes fail with a plain (not an outage) error while `broken` is set. */
class BreakableLake extends LakeRepository {
  broken = false;
  override async putObject(key: string, body: Buffer, contentType: string): Promise<void> {
    if (this.broken) throw new Error('disk quota exceeded');
    return super.putObject(key, body, contentType);
  }
}

describe('run lifecycle: failed, cancelled, stalled', () => {
  let client: MongoClient;
  let db: Db;
  let lake: BreakableLake;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  let watermarks: WatermarkRepository;
  let worker: Worker;
  let loader: LoaderProcessor;
  const queues = new Map<QueueKey, Queue>();
  const prefix = uniqueName('lifecycle');
  const logger = createLogger('lifecycle-test', 'silent');
  const q = (k: QueueKey): Queue => queues.get(k)!;

  before(async () => {
    const env = serviceEnv();
    client = await new MongoClient(env.mongoUrl).connect();
    db = client.db(uniqueName('lifecycle', { separator: '_' }));
    await ensureIndexes(db);
    lake = new BreakableLake({
      S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: prefix, S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle,
    });
    await lake.ensureBucket();
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
    watermarks = new WatermarkRepository(db);
    const connection = redisOptionsFromUrl(env.redisUrl);
    for (const key of ['extract', 'archive', 'clean', 'classify', 'load', 'deadLetter'] as const) queues.set(key, new Queue(QUEUES[key], { connection, prefix }));
    const deps: StageWorkerDeps = { deadLetters: new DeadLetterPublisher(q('deadLetter')), metrics: createStageMetrics('lifecycle-test'), logger, runs };
    const publisher = new SnapshotPublisher({ SNAPSHOT_COMPACT_MAX_PARTS: 64, SNAPSHOT_COMPACT_MAX_GROWTH: 1.5 }, lake, runs, batches, watermarks, logger);
    loader = new LoaderProcessor(lake, batches, runs, publisher, deps);
    worker = new Worker(QUEUES.load, (job: Job, token?: string) => loader.process(job, token), { ...workerOptionsFor('load'), connection, prefix });
    // What @nestjs/bullmq does for a processor: the worker it created is the host's, then the host subscribes to it.
    (loader as unknown as { _worker: Worker })._worker = worker;
    loader.onApplicationBootstrap();
  });
  after(async () => {
    await worker?.close();
    for (const queue of queues.values()) { await queue.obliterate({ force: true }).catch(() => undefined); await queue.close(); }
    await db.dropDatabase();
    await client.close();
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  });

  /** An extracted one-batch run, archived, whose load job is queued (attempts: 1, so a failure dead-letters it). */
  async function extractedRun(runId: string, cursor: string): Promise<void> {
    await runs.createIfAbsent({ _id: runId, trigger: 'test', full: false, fromCursor: null, upTo: cursor });
    await runs.advance(runId, { updatedAt: cursor, reviewId: 'r9' }, 1);
    await runs.markExtracted(runId, 1);
    await batches.record({ runId, stage: 'archiver', batchId: 'b000001', count: 2, durationMs: 1, attempts: 1 });
  }
  const loadJob = (runId: string): LoadJob => ({ kind: 'batch', runId, batchId: 'b000001', rows: [sampleCurated(1, { runId }), sampleCurated(2, { runId })] });

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  const runsService = (): RunsService => new RunsService(runs, batches, new ArchiveRepository(db), q('extract'), q('archive'), q('clean'), q('classify'), q('load'));
  const deadLetterService = (): DeadLetterService => new DeadLetterService(q('deadLetter'), q('extract'), q('archive'), q('clean'), q('classify'), q('load'), runs);

  test('a run whose load job is dead-lettered fails with stage, batch and error, keeps the watermark, and the next run publishes', async () => {
    await extractedRun('fail-1', '2024-01-01 00:00:00.000001+00');
    lake.broken = true;
    await q('load').add('batch', loadJob('fail-1'), { jobId: jobIds.batch('fail-1', 'b000001'), attempts: 1 });
    const failed = await waitFor('run fail-1 failed', async () => {
      const run = await runs.get('fail-1');
      return run?.status === 'failed' ? run : null;
    });
    lake.broken = false;
    const report = buildRunReport(failed, await batches.forRun('fail-1'));
    assert.equal(report.failure?.stage, 'loader');
    assert.equal(report.failure?.batchId, 'b000001');
    assert.equal(report.failure?.reason, 'retries_exhausted');
    assert.match(report.error ?? '', /disk quota exceeded/);
    assert.equal(await runs.findActive(), null, 'a failed run does not block new runs');
    assert.equal(await watermarks.get(), null, 'a failed run does not move the watermark');
    assert.equal(await readLatestSnapshot(lake), null, 'nothing published');
    const entries = (await q('deadLetter').getWaiting()).map((j) => j.data as DeadLetterEntry).filter((e) => e.runId === 'fail-1');
    assert.equal(entries.length, 1);

    await extractedRun('next-1', '2024-01-02 00:00:00.000001+00');
    await q('load').add('batch', loadJob('next-1'), { jobId: jobIds.batch('next-1', 'b000001') });
    await waitFor('run next-1 published', async () => (await runs.get('next-1'))?.status === 'published');
    assert.equal((await readLatestSnapshot(lake))?.runId, 'next-1');
    assert.deepEqual(await watermarks.get(), { updatedAt: '2024-01-02 00:00:00.000001+00', reviewId: 'r9' });

    // The failed run's job cannot be replayed into it any more: a later run moved the watermark past it.
    const [entry] = (await q('deadLetter').getWaiting()).filter((j) => (j.data as DeadLetterEntry).runId === 'fail-1');
    await assert.rejects(deadLetterService().replay(String(entry!.id)), (err: Error & { getStatus?: () => number }) => err.getStatus?.() === 409);
  });

  test('a replay of the latest failed run resumes it, and it publishes', async () => {
    await extractedRun('fail-2', '2024-01-03 00:00:00.000001+00');
    lake.broken = true;
    await q('load').add('batch', loadJob('fail-2'), { jobId: jobIds.batch('fail-2', 'b000001'), attempts: 1 });
    await waitFor('run fail-2 failed', async () => (await runs.get('fail-2'))?.status === 'failed');
    lake.broken = false;
    const entry = await waitFor('its dead-letter entry', async () => (await q('deadLetter').getWaiting()).find((j) => (j.data as DeadLetterEntry).runId === 'fail-2'));
    await deadLetterService().replay(String(entry.id));
    await waitFor('run fail-2 published after the replay', async () => (await runs.get('fail-2'))?.status === 'published');
    assert.equal((await readLatestSnapshot(lake))?.runId, 'fail-2');
  });

  test('a cancelled run publishes nothing and leaves no job behind', async () => {
    const before = await readLatestSnapshot(lake);
    await extractedRun('cancel-1', '2024-01-04 00:00:00.000001+00');
    await worker.pause();
    try {
      await q('load').add('batch', loadJob('cancel-1'), { jobId: jobIds.batch('cancel-1', 'b000001') });
      await q('classify').add('batch', { runId: 'cancel-1', batchId: 'b000002', extractedAt: new Date().toISOString(), rows: [] }, { jobId: jobIds.batch('cancel-1', 'b000002') });
      await q('classify').add('batch', { runId: 'other', batchId: 'b000001', extractedAt: new Date().toISOString(), rows: [] }, { jobId: 'other-job' });
      const result = await runsService().cancel('cancel-1');
      assert.deepEqual(result, { runId: 'cancel-1', status: 'cancelled', removedJobs: 2, jobsInFlight: 0 });
      for (const key of ['extract', 'archive', 'clean', 'classify', 'load'] as const) {
        const left = (await q(key).getJobs(['waiting', 'delayed', 'prioritized', 'paused', 'active'])).filter((j) => (j.data as { runId?: string }).runId === 'cancel-1');
        assert.deepEqual(left, [], `no job of the cancelled run left in ${key}`);
      }
      assert.equal((await q('classify').getJob('other-job'))?.data.runId, 'other', "another run's job stays");
    } finally {
      worker.resume();
    }
    // A stray batch of the cancelled run that still reaches the loader writes its part, and nothing is published.
    await q('load').add('batch', loadJob('cancel-1'), { jobId: 'stray' });
    await waitFor('the stray batch loaded', async () => (await batches.forRun('cancel-1')).some((b) => b.stage === 'loader'));
    assert.equal((await runs.get('cancel-1'))?.status, 'cancelled');
    assert.equal((await readLatestSnapshot(lake))?.snapshotId, before?.snapshotId);
    await assert.rejects(runsService().cancel('cancel-1'), (err: Error & { getStatus?: () => number }) => err.getStatus?.() === 409);
    await assert.rejects(runsService().cancel('no-such-run'), (err: Error & { getStatus?: () => number }) => err.getStatus?.() === 404);
  });

  test('a daily scheduled run that meets another active run is skipped, logged at warn and counted', async () => {
    await extractedRun('busy-1', '2024-01-06 00:00:00.000001+00');
    const lines: { level: number; msg: string; activeRunId?: string }[] = [];
    const metrics = createStageMetrics('lifecycle-schedule-test');
    const config = loadConfig('extractor', ExtractorConfigSchema, { ...serviceEnv().vars, PSEUDONYM_SALT: 'lifecycle-test-salt-0' });
    const noSource = { query: async () => { throw new Error('not reached: another run is active'); } } as unknown as Pool;
    const service = new ExtractionService(
      config, new SourceReviewRepository(noSource), runs, batches, watermarks, new ArchiveRepository(db), q('extract'), q('archive'), q('clean'), q('load'),
      new ShutdownSignal(), pino({ level: 'debug' }, { write: (l: string) => { lines.push(JSON.parse(l)); } }), metrics,
    );
    const job = { attemptsMade: 0, timestamp: Date.now(), updateProgress: async () => undefined } as unknown as Job;
    const result = await service.run({ trigger: 'schedule', full: false }, job);
    assert.equal(result.status, 'skipped');
    const warn = lines.filter((l) => l.level === 40);
    assert.equal(warn.length, 1);
    assert.equal(warn[0]!.activeRunId, 'busy-1');
    const counter = await metrics.registry.getSingleMetric('reviewlens_scheduled_runs_skipped_total')!.get();
    assert.equal(counter.values[0]?.value, 1);
    await runs.cancel('busy-1');
  });

  test('a run without progress for RUN_STALL_AFTER_MS fails as stalled; one with recent progress does not', async () => {
    const config = loadConfig('extractor', ExtractorConfigSchema, { ...serviceEnv().vars, PSEUDONYM_SALT: 'lifecycle-test-salt-0', RUN_STALL_AFTER_MS: '60000' });
    const watchdog = new RunWatchdog(config, runs, batches, logger);
    await extractedRun('stall-1', '2024-01-05 00:00:00.000001+00');
    assert.equal(await watchdog.check(Date.now() + 30_000), null, 'half the limit: still running');
    assert.equal(await watchdog.check(Date.now() + 61_000), 'stall-1');
    const run = (await runs.get('stall-1'))!;
    assert.equal(run.status, 'failed');
    assert.equal(run.failure?.reason, 'stalled');
    assert.match(run.error ?? '', /no batch finished for \d+ s/);
    assert.equal(await watchdog.check(Date.now() + 120_000), null, 'no active run left');
  });
});
