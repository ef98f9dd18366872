// Continuous mode (CONTINUOUS_POLL_MS): the extractor's scheduler, processor and extraction service, in-process, on the
// real local Redis, PostgreSQL and FerretDB. Only the extractor runs: the test stands in for the loader's publish
// (watermark, then published), so each run's extraction accounting can be checked batch by batch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, Worker, type Job } from 'bullmq';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { ExtractorConfigSchema, loadConfig, type ExtractorConfig } from '@reviewlens/config';
import { QUEUES, jobIds, type ExtractJob, type ExtractedBatch, type QueueKey } from '@reviewlens/contracts';
import { createStageMetrics } from '@reviewlens/observability';
import { DeadLetterPublisher, ShutdownSignal, jobOptionsFor, redisOptionsFromUrl, workerOptionsFor, type JobResult } from '@reviewlens/queueing';
import { SourceReviewRepository } from '@reviewlens/source-db';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, buildRunReport, type RunDoc } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { ExtractionService } from '../../apps/extractor/src/extraction.service';
import { ExtractorProcessor } from '../../apps/extractor/src/extractor.processor';
import { CONTINUOUS_SCHEDULER_ID, RunScheduler } from '../../apps/extractor/src/run.scheduler';
import { createSourceTestDb } from '../support/source-test-db';

const POLL_MS = 500;

interface LogLine { level: number; msg: string; [key: string]: unknown }

describe('continuous mode: the extractor polls the watermark and starts small runs on its own', () => {
  let source: Awaited<ReturnType<typeof createSourceTestDb>>;
  let config: ExtractorConfig;
  let mongo: MongoClient;
  let db: Db;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  let watermarks: WatermarkRepository;
  let worker: Worker;
  let scheduler: RunScheduler;
  const queues = new Map<QueueKey, Queue>();
  const logs: LogLine[] = [];
  const results: JobResult[] = [];
  let nextReview = 0;

  const queue = (key: QueueKey): Queue => queues.get(key)!;

  before(async () => {
    source = await createSourceTestDb('continuous');
    await source.pool.query(`INSERT INTO product (p_id, name, category, brand) VALUES ('p1', 'Kettle', 'kitchen', 'Acme')`);
    const env = serviceEnv();
    const prefix = uniqueName('continuous');
    config = loadConfig('extractor', ExtractorConfigSchema, {
      ...env.vars, SOURCE_DATABASE_URL: source.url, PSEUDONYM_SALT: 'continuous-mode-test-salt', QUEUE_PREFIX: prefix, MONGO_DB: prefix,
      RUN_SCHEDULE_CRON: '', CONTINUOUS_POLL_MS: String(POLL_MS), EXTRACT_BATCH_SIZE: '5', LOG_LEVEL: 'debug',
    });
    mongo = await new MongoClient(config.MONGO_URL).connect();
    db = mongo.db(prefix);
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
    watermarks = new WatermarkRepository(db);
    const connection = redisOptionsFromUrl(config.REDIS_URL);
    for (const key of ['extract', 'archive', 'clean', 'load', 'deadLetter'] as const) {
      queues.set(key, new Queue(QUEUES[key], { connection, prefix, defaultJobOptions: jobOptionsFor(key) }));
    }
    const logger = pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line) as LogLine); } });
    const metrics = createStageMetrics('extractor-continuous-test');
    const service = new ExtractionService(
      config, new SourceReviewRepository(source.pool), runs, batches, watermarks, new ArchiveRepository(db),
      queue('extract'), queue('archive'), queue('clean'), queue('load'), new ShutdownSignal(), logger, metrics,
    );
    const processor = new ExtractorProcessor(service, { deadLetters: new DeadLetterPublisher(queue('deadLetter')), metrics, logger });
    worker = new Worker(QUEUES.extract, (job: Job, token?: string) => processor.process(job, token), {
      ...workerOptionsFor('extract'), connection, prefix,
    });
    worker.on('completed', (_job, result: JobResult) => { results.push(result); });
    scheduler = new RunScheduler(config, queue('extract'), logger);
    await scheduler.onApplicationBootstrap();
  });

  after(async () => {
    await worker?.close();
    for (const q of queues.values()) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
    await db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await source?.drop();
  });

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Inserts `n` linked reviews (updated_at = the insert's now()); returns their ids. */
  async function insertReviews(n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => `rev-${String(++nextReview).padStart(5, '0')}`);
    await source.pool.query(
      `INSERT INTO review (review_id, r_desc, title, rating) SELECT id, 'Boils fast, quiet, good value.', 'Good', 4 FROM unnest($1::text[]) id`, [ids],
    );
    await source.pool.query(`INSERT INTO product_reviews (review_id, p_id) SELECT id, 'p1' FROM unnest($1::text[]) id`, [ids]);
    return ids;
  }

  const allRuns = (): Promise<RunDoc[]> => db.collection<RunDoc>('runs').find({}).sort({ createdAt: 1 }).toArray();

  /** Waits for the next continuous run to be extracted (after `known` runs exist). */
  async function nextExtractedRun(known: number): Promise<RunDoc> {
    return waitFor('a continuous run to be extracted', async () => {
      const list = await allRuns();
      const run = list[known];
      return run && run.status === 'extracted' ? run : undefined;
    });
  }

  /** What the loader does when a run's snapshot is complete: the watermark, then published. */
  async function publish(run: RunDoc): Promise<void> {
    const fresh = (await runs.get(run._id))!;
    if (fresh.cursor) await watermarks.set(fresh.cursor, run._id);
    await runs.markPublished(run._id, `snap-${run._id}`);
  }

  /** Review ids the run published to the clean queue (each batch's rows), and its extractor batch records. */
  async function extractedIds(runId: string): Promise<string[]> {
    const jobs = await queue('clean').getJobs(['waiting', 'prioritized', 'delayed']);
    return jobs.filter((j) => (j.data as ExtractedBatch).runId === runId).flatMap((j) => (j.data as ExtractedBatch).rows.map((r) => String(r.reviewId)));
  }

  async function pollsAfter(count: number, minPolls: number): Promise<JobResult[]> {
    return waitFor(`${minPolls} polls`, () => (results.length >= count + minPolls ? results.slice(count) : undefined));
  }

  const loud = (): LogLine[] => logs.filter((l) => l.level >= 30 && l.msg !== 'continuous mode on: the source watermark is polled' && l.msg !== 'job released; it runs again from its saved progress' && l.msg !== 'job finished');

  test('the scheduler is a BullMQ job scheduler repeating every CONTINUOUS_POLL_MS with trigger continuous', async () => {
    const scheduled = await queue('extract').getJobScheduler(CONTINUOUS_SCHEDULER_ID);
    assert.ok(scheduled, 'job scheduler registered');
    assert.equal(Number(scheduled.every), POLL_MS);
    assert.deepEqual(scheduled.template?.data, { trigger: 'continuous', full: false });
  });

  test('an idle poll creates no run and logs nothing above debug', async () => {
    const polls = await pollsAfter(0, 3);
    for (const r of polls) assert.deepEqual(r, { status: 'skipped', reason: 'nothing new in the source' });
    assert.equal((await allRuns()).length, 0, 'no run record');
    assert.deepEqual(loud(), [], 'no info/warn/error line from idle polls');
    assert.ok(logs.some((l) => l.level === 20 && l.reason === 'nothing new in the source'), 'the skip is at debug level');
    assert.equal(await queue('extract').getCompletedCount(), 0, 'completed poll jobs are not kept');
  });

  test('rows inserted into the source are picked up by a continuous run without any trigger, exactly once', async () => {
    const ids = await insertReviews(12);
    const run = await nextExtractedRun(0);
    assert.equal(run.trigger, 'continuous');
    assert.match(run._id, /^cont-\d+$/);
    assert.equal(run.fromCursor, null, 'first run: from the beginning');
    assert.equal(run.batchCount, 3, '12 rows in batches of 5');
    assert.deepEqual((await extractedIds(run._id)).sort(), ids);
    await publish(run);
    const report = buildRunReport((await runs.get(run._id))!, await batches.forRun(run._id));
    assert.equal(report.counts.extracted, 12);
    assert.ok(report.freshness, 'the extractor recorded the source updatedAt range of its batches');
    assert.ok(report.freshness.sourceUpdatedAtMin <= report.freshness.sourceUpdatedAtMax);
    assert.ok(report.freshness.newestChangeLagSeconds! >= 0 && report.freshness.oldestChangeLagSeconds! >= report.freshness.newestChangeLagSeconds!);
    assert.ok(report.freshness.oldestChangeLagSeconds! < 60, `small run published within seconds (${report.freshness.oldestChangeLagSeconds} s)`);

    const more = await insertReviews(7);
    const second = await nextExtractedRun(1);
    assert.equal(second.trigger, 'continuous');
    assert.deepEqual(second.fromCursor, (await runs.get(run._id))!.cursor, 'starts at the watermark the first run left');
    const secondIds = await extractedIds(second._id);
    assert.deepEqual(secondIds.sort(), more, 'only the new rows, each once');
    const recorded = await db.collection('run_batches').find({ runId: second._id, stage: 'extractor' }).toArray();
    assert.equal(recorded.reduce((n, b) => n + (b['count'] as number), 0), 7);
  });

  test('polls while a run is active create no overlapping run and are not logged above debug; the next poll after publish takes the rest', async () => {
    const [active] = (await allRuns()).slice(1);
    assert.equal(active!.status, 'extracted', 'the second run is still active (not published)');
    const late = await insertReviews(4);
    const before = results.length;
    const polls = await pollsAfter(before, 2);
    for (const r of polls) assert.deepEqual(r, { status: 'skipped', reason: `run ${active!._id} is still active` });
    assert.equal((await allRuns()).length, 2, 'no run started while one is active');
    assert.deepEqual(loud(), [], 'skipping because a run is active is normal in continuous mode: not a warning');

    await publish(active!);
    const third = await nextExtractedRun(2);
    assert.deepEqual((await extractedIds(third._id)).sort(), late);
    const list = await allRuns();
    const windows = list.map((r) => [r.createdAt.getTime(), (r.publishedAt ?? new Date(8.64e15)).getTime()] as const);
    for (let i = 1; i < windows.length; i++) assert.ok(windows[i]![0] >= windows[i - 1]![1], 'each run starts after the previous one was published');
  });

  test('a triggered run that meets an active continuous run waits for it instead of being dropped, and polls let it go first', async () => {
    const [active] = (await allRuns()).slice(2);
    const data: ExtractJob = { runId: 'manual-1', trigger: 'api', full: false };
    await queue('extract').add('run', data, { jobId: jobIds.extract('manual-1') });
    await waitFor('the triggered job to be released', () => (logs.some((l) => l.msg === 'job released; it runs again from its saved progress' && l.jobId === jobIds.extract('manual-1')) ? true : undefined));
    const waiting = await insertReviews(3);
    await publish(active!);
    const manual = await waitFor('the triggered run', async () => {
      const run = await runs.get('manual-1');
      return run?.status === 'extracted' ? run : undefined;
    });
    assert.equal(manual.trigger, 'api');
    assert.deepEqual((await extractedIds('manual-1')).sort(), waiting, 'the triggered run took the new rows');
    assert.equal((await allRuns()).length, 4, 'no continuous run slipped in before it');
  });

  test('the daily scheduled run that meets an active continuous run waits for it too', async () => {
    await publish((await runs.get('manual-1'))!);
    await insertReviews(2);
    const continuous = await nextExtractedRun(4);
    assert.equal(continuous.trigger, 'continuous');
    const data: ExtractJob = { trigger: 'schedule', full: false };
    const job = await queue('extract').add('scheduled-run', data);
    await waitFor('the scheduled job to be released', () => (logs.some((l) => l.msg === 'job released; it runs again from its saved progress' && l.jobId === job.id) ? true : undefined));
    const waiting = await insertReviews(2);
    await publish(continuous);
    const scheduled = await nextExtractedRun(5);
    assert.equal(scheduled.trigger, 'schedule', 'the released daily run went before the next continuous run');
    assert.equal(scheduled._id, `sched-${job.timestamp}`);
    assert.deepEqual((await extractedIds(scheduled._id)).sort(), waiting);
    assert.deepEqual(loud(), [], 'still nothing above debug but the documented lines');
  });
});
