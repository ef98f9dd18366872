/**
 * Busy throughput of the non-NLP stages (extractor, archiver, cleaner, loader) on this machine, for inserts and for
 * updates, with the real processors against the real local services (PostgreSQL, Redis, FerretDB, s3rver), and where
 * each stage's time goes.
 *
 * Seeds N generated reviews into a scratch PostgreSQL database, runs a full run through each stage's real handler (the
 * extraction service, then every queued batch through the archiver, the cleaner and the loader, one stage after the
 * other so that each is timed alone), then updates a share of the reviews and runs an incremental run the same way.
 * The classifier is not run: the loader gets the cleaned rows with a fixed classification (its own cost is measured
 * by bench/classifier). Busy rows/s = rows / sum of the stage's handler wall times.
 *
 * The breakdown wraps the client calls (MongoDB driver, S3, BullMQ, pg) and attributes the rest of the handler time to
 * in-process work (validation, cleaning, Parquet encoding, compression). Baseline in the same run: the archive's
 * previous write pattern (one document per review, updates as upserts) on the first update batch.
 *
 *   node --env-file=.services/env dist/bench/pipeline/stages.bench.js [--reviews 20000] [--batch-size 500] [--update-share 0.5] [--profile]
 *
 * --profile: also records a V8 CPU profile (node:inspector) around each stage's timed section and prints, per stage,
 * the self time by package and the top functions (bench/pipeline/cpu-profile.ts). Sampling adds a little overhead to
 * the busy times; compare rows/s from runs without it. `--profile-top N` sets how many functions are listed (15).
 */
import { parseArgs } from 'node:util';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Collection, MongoClient, type Db } from 'mongodb';
import { Pool } from 'pg';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { CleanerConfigSchema, ExtractorConfigSchema, type CleanerConfig, type ExtractorConfig } from '@reviewlens/config';
import { QUEUES, type ClassifiedReview, type CleanedBatch, type LoadJob } from '@reviewlens/contracts';
import { LakeRepository, readLatestSnapshot, readSnapshotRows } from '@reviewlens/datalake';
import { createLogger, createStageMetrics } from '@reviewlens/observability';
import { DeadLetterPublisher, ReviewIdClaims, ShutdownSignal, redisOptionsFromUrl, type ClaimsRedis, type StageWorkerDeps } from '@reviewlens/queueing';
import { SourceReviewRepository, generateSample } from '@reviewlens/source-db';
import {
  ArchiveRepository, RejectRepository, RunBatchRepository, RunRepository, WatermarkRepository, archiveKey, ensureIndexes,
} from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { ArchiverProcessor } from '../../apps/archiver/src/archiver.processor';
import { CleanerProcessor } from '../../apps/cleaner/src/cleaner.processor';
import { ExtractionService } from '../../apps/extractor/src/extraction.service';
import { LoaderProcessor } from '../../apps/loader/src/loader.processor';
import { SnapshotPublisher } from '../../apps/loader/src/snapshot.publisher';
import { createSourceTestDb } from '../../test/support/source-test-db';
import { formatSummary, profiled, type ProfileSummary } from './cpu-profile';

const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '20000' },
    'batch-size': { type: 'string', default: '500' },
    'update-share': { type: 'string', default: '0.5' },
    profile: { type: 'boolean', default: false },
    'profile-top': { type: 'string', default: '15' },
  },
});
const REVIEWS = Number(values.reviews);
const BATCH = Number(values['batch-size']);
const UPDATE_SHARE = Number(values['update-share']);
const PROFILE = values.profile === true;
const PROFILE_TOP = Number(values['profile-top']);

/** Wall time spent in wrapped client calls, by client, while `active` is set. */
const spent: Record<string, number> = {};
let active = false;
const DETAIL = process.env.BENCH_DETAIL === '1';
function wrap(proto: object, method: string, label: string): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  target[method] = function wrapped(this: unknown, ...args: unknown[]) {
    if (!active) return original.apply(this, args);
    const t = performance.now();
    const out = original.apply(this, args);
    const key = DETAIL ? `${label} ${(this as { collectionName?: string; name?: string }).collectionName ?? (this as { name?: string }).name ?? ''}.${method}` : label;
    const done = (): void => { spent[key] = (spent[key] ?? 0) + performance.now() - t; };
    if (out && typeof (out as Promise<unknown>).then === 'function') return (out as Promise<unknown>).finally(done);
    done();
    return out;
  };
}
for (const m of ['insertOne', 'insertMany', 'replaceOne', 'updateOne', 'bulkWrite', 'findOne', 'countDocuments', 'findOneAndUpdate', 'deleteMany']) {
  wrap(Collection.prototype, m, 'mongodb');
}
for (const m of ['putObject', 'getObject', 'listKeys']) wrap(LakeRepository.prototype, m, 's3');
for (const m of ['add', 'addBulk']) wrap(Queue.prototype, m, 'redis (queues)');
wrap(Pool.prototype, 'query', 'postgresql');
wrap(Redis.prototype, 'eval', 'redis (id claims)');

interface StageFigures { rows: number; busyMs: number; breakdown: Record<string, number>; profile?: ProfileSummary; cpuMs?: number; publishMs?: number }

/** Wall time of the loader's snapshot publish (publishIfComplete) while `active`: the batch path is the rest. */
let publishMs = 0;
{
  const proto = SnapshotPublisher.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = proto.publishIfComplete!;
  proto.publishIfComplete = async function timedPublish(this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      if (active) publishMs += performance.now() - t;
    }
  };
}

async function timed(rows: number, body: () => Promise<void>): Promise<StageFigures> {
  for (const k of Object.keys(spent)) delete spent[k];
  active = true;
  publishMs = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  let profile: ProfileSummary | undefined;
  try {
    if (PROFILE) profile = (await profiled(body)).summary;
    else await body();
  } finally {
    active = false;
  }
  const busyMs = performance.now() - t;
  const cpuUsed = process.cpuUsage(cpu);
  const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  const clients = Object.values(spent).reduce((a, b) => a + b, 0);
  // Calls that overlap (the extractor publishes to two queues at once) can add up to more than 100 %.
  return { rows, busyMs, profile, cpuMs, publishMs, breakdown: { ...spent, 'in-process (validation, cleaning, encoding)': Math.max(0, busyMs - clients) } };
}

/** A fixed classification: the loader's work does not depend on the scores. */
function classify(row: CleanedBatch['rows'][number]): ClassifiedReview {
  return {
    ...row, theme: 'quality', confidence: 0.8, themeScores: { quality: 0.8, price: 0.1 },
    themes: [{ theme: 'quality', score: 0.8, polarity: 'positive', evidence: row.text.slice(0, 80) }],
    sentiment: 0.6, sentimentLabel: 'positive', legacyCategory: 'product quality', detectedLanguage: 'en',
    modelId: 'bench/fixed', themesVersion: 'bench', relevance: 0.5,
  };
}

async function drain(queue: Queue): Promise<Job[]> {
  const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, -1, true);
  jobs.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  await queue.obliterate({ force: true });
  return jobs;
}

function fakeJob(data: unknown, name = 'batch'): Job {
  return { id: `${name}-${Math.random()}`, name, data, attemptsMade: 0, attemptsStarted: 1, timestamp: Date.now(), updateProgress: async () => undefined } as unknown as Job;
}

/** The archive's previous write pattern (before ADR 0005): one document per review, existing ones upserted in tens. */
async function legacyArchive(db: Db, rows: CleanedBatch['rows'] | unknown[], runId: string): Promise<void> {
  const col = db.collection<{ _id: string }>('bench_legacy_raw_reviews');
  const docs = (rows as never[]).map((raw, i) => ({ _id: archiveKey(raw, runId, 'b', i), raw, runIds: [runId] }));
  for (let i = 0; i < docs.length; i += 10) {
    await col.bulkWrite(docs.slice(i, i + 10).map((d) => ({
      updateOne: { filter: { _id: d._id }, update: { $set: { raw: d.raw }, $addToSet: { runIds: runId } }, upsert: true },
    })), { ordered: false });
  }
}

async function main(): Promise<void> {
  const env = serviceEnv();
  const source = await createSourceTestDb('bench_stages');
  const mongo = await new MongoClient(env.mongoUrl).connect();
  const db = mongo.db(uniqueName('bench_stages', { separator: '_' }));
  await ensureIndexes(db);
  const bucket = uniqueName('bench-stages');
  const s3 = { S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: env.s3.accessKeyId, S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle };
  const lake = new LakeRepository(s3);
  await lake.ensureBucket();
  const prefix = uniqueName('bench-stages');
  const connection = redisOptionsFromUrl(env.redisUrl);
  const queues = Object.fromEntries(['extract', 'archive', 'clean', 'classify', 'load', 'deadLetter'].map((k) => [k, new Queue(QUEUES[k as keyof typeof QUEUES], { connection, prefix })])) as Record<string, Queue>;
  const logger = createLogger('bench', 'warn');
  const deps: StageWorkerDeps = { deadLetters: new DeadLetterPublisher(queues.deadLetter!), metrics: createStageMetrics('bench'), logger };
  const baseEnv = { ...env.vars, PSEUDONYM_SALT: 'bench-salt-0123456789', EXTRACT_BATCH_SIZE: String(BATCH), SOURCE_DATABASE_URL: source.url, S3_BUCKET: bucket, LOG_LEVEL: 'warn' };
  const extractorConfig: ExtractorConfig = ExtractorConfigSchema.parse(baseEnv);
  const cleanerConfig: CleanerConfig = CleanerConfigSchema.parse(baseEnv);
  const runs = new RunRepository(db);
  const batches = new RunBatchRepository(db);
  const watermarks = new WatermarkRepository(db);
  const pool = new Pool({ connectionString: source.url, max: 4 });
  const extraction = new ExtractionService(
    extractorConfig, new SourceReviewRepository(pool), runs, batches, watermarks, new ArchiveRepository(db), queues.extract!, queues.archive!, queues.clean!, queues.load!, new ShutdownSignal(),
    logger, deps.metrics,
  );
  const archiver = new ArchiverProcessor(new ArchiveRepository(db), batches, queues.load!, deps);
  const claims = new ReviewIdClaims(async () => (await queues.deadLetter!.client) as unknown as ClaimsRedis, prefix);
  const cleaner = new CleanerProcessor(cleanerConfig, lake, batches, new RejectRepository(db), claims, queues.classify!, deps);
  const publisher = new SnapshotPublisher({ SNAPSHOT_COMPACT_MAX_PARTS: 64, SNAPSHOT_COMPACT_MAX_GROWTH: 1.5 }, lake, runs, batches, watermarks, logger);
  const loader = new LoaderProcessor(lake, batches, runs, publisher, deps);

  const results: { scenario: string; stage: string; figures: StageFigures }[] = [];
  async function runScenario(scenario: string, runId: string, full: boolean): Promise<number> {
    const extracted = await timed(0, async () => { await extraction.run({ runId, trigger: 'cli', full }, fakeJob({}, 'extract')); });
    const archiveJobs = await drain(queues.archive!);
    const rows = archiveJobs.reduce((n, j) => n + (j.data as { rows: unknown[] }).rows.length, 0);
    results.push({ scenario, stage: 'extractor', figures: { ...extracted, rows } });
    results.push({ scenario, stage: 'archiver', figures: await timed(rows, async () => { for (const j of archiveJobs) await archiver.process(j); }) });
    const cleanJobs = await drain(queues.clean!);
    results.push({ scenario, stage: 'cleaner', figures: await timed(rows, async () => { for (const j of cleanJobs) await cleaner.process(j); }) });
    const classifyJobs = await drain(queues.classify!);
    await queues.load!.obliterate({ force: true });
    const loadJobs = classifyJobs.map((j) => {
      const b = j.data as CleanedBatch;
      const data: LoadJob = { kind: 'batch', runId: b.runId, batchId: b.batchId, rows: b.rows.map(classify) };
      // Through JSON as a BullMQ worker receives it (the object shapes V8 sees then are the production ones).
      return fakeJob(JSON.parse(JSON.stringify(data)));
    });
    const loaded = loadJobs.reduce((n, j) => n + (j.data as { rows: unknown[] }).rows.length, 0);
    results.push({ scenario, stage: 'loader (incl. publish)', figures: await timed(loaded, async () => { for (const j of loadJobs) await loader.process(j); }) });
    const run = await runs.get(runId);
    if (run?.status !== 'published') throw new Error(`${runId} is ${run?.status}, not published`);
    return rows;
  }

  try {
    await generateSample(source.pool, { reviews: REVIEWS, seed: 7, malformedRate: 0.01 });
    const inserted = await runScenario(`full run, ${REVIEWS} new reviews`, 'bench-insert', false);
    const toUpdate = Math.round(REVIEWS * UPDATE_SHARE);
    await source.pool.query(
      `UPDATE review SET r_desc = r_desc || ' (edited)', updated_at = clock_timestamp()
        WHERE review_id IN (SELECT review_id FROM review ORDER BY md5(review_id::text) LIMIT $1)`, [toUpdate],
    );
    const updated = await runScenario(`incremental run, ${toUpdate} updated reviews`, 'bench-update', false);

    // Baseline: the previous archive pattern on one batch of updates (reviews it already holds).
    const sample = (await new ArchiveRepository(db).segmentsOfRun('bench-update').next()).value!.rows;
    await legacyArchive(db, sample, 'seed');
    const legacy = await timed(sample.length, () => legacyArchive(db, sample, 'again'));
    const manifest = await readLatestSnapshot(lake);
    const served = manifest ? (await readSnapshotRows(lake, manifest)).length : 0;

    console.log(`non-NLP stage busy throughput: ${REVIEWS} generated reviews, batch ${BATCH}, local services (FerretDB SQLite, s3rver)`);
    console.log(`  extracted ${inserted} then ${updated} rows; snapshot serves ${served} reviews\n`);
    console.log(`${'scenario'.padEnd(40)} ${'stage'.padEnd(24)} ${'rows'.padStart(7)} ${'busy s'.padStart(8)} ${'rows/s'.padStart(9)}   where the time goes`);
    for (const { scenario, stage, figures } of results) {
      const rate = figures.rows / (figures.busyMs / 1000);
      const parts = Object.entries(figures.breakdown).sort((a, b) => b[1] - a[1])
        .map(([k, ms]) => `${k} ${((100 * ms) / figures.busyMs).toFixed(0)}%`).join(', ');
      console.log(`${scenario.padEnd(40)} ${stage.padEnd(24)} ${String(figures.rows).padStart(7)} ${(figures.busyMs / 1000).toFixed(2).padStart(8)} ${rate.toFixed(0).padStart(9)}   ${parts}`);
    }
    // The same stages in this process's CPU time (all its threads, GC included): much less sensitive than wall time to
    // other work on the machine, and the cost the stage's own code can change. The loader also without its publish.
    console.log(`\nCPU time of the bench process per stage (user + system), and the loader without the snapshot publish (wall):`);
    for (const { scenario, stage, figures } of results) {
      if (figures.cpuMs === undefined) continue;
      const batchOnly = stage.startsWith('loader') && figures.publishMs !== undefined && figures.publishMs > 0
        ? `; batches only (publish ${(figures.publishMs / 1000).toFixed(2)} s excluded): ${(figures.rows / ((figures.busyMs - figures.publishMs) / 1000)).toFixed(0)} rows/s`
        : '';
      console.log(`${scenario.padEnd(40)} ${stage.padEnd(24)} cpu ${(figures.cpuMs / 1000).toFixed(2)} s = ${(figures.rows / (figures.cpuMs / 1000)).toFixed(0)} rows per cpu-s${batchOnly}`);
    }
    const archiverUpdate = results.find((r) => r.scenario.startsWith('incremental') && r.stage === 'archiver')!.figures;
    const legacyRate = legacy.rows / (legacy.busyMs / 1000);
    const newRate = archiverUpdate.rows / (archiverUpdate.busyMs / 1000);
    console.log(`\nbaseline (same run): previous archive pattern, ${legacy.rows} updated reviews: ${legacyRate.toFixed(0)} rows/s`);
    console.log(`archiver update path now: ${newRate.toFixed(0)} rows/s = ${(newRate / legacyRate).toFixed(0)}x the previous pattern`);
    const archiverInsert = results.find((r) => r.scenario.startsWith('full') && r.stage === 'archiver')!.figures;
    console.log(`archiver update / insert rows/s: ${(newRate / (archiverInsert.rows / (archiverInsert.busyMs / 1000))).toFixed(2)}`);
    if (PROFILE) {
      console.log('\nCPU profile per stage (--profile): self time by package and top functions, % of the stage\'s profiled wall time');
      for (const { scenario, stage, figures } of results) {
        if (figures.profile) for (const line of formatSummary(`${scenario} / ${stage}`, figures.profile, PROFILE_TOP)) console.log(line);
      }
    }
  } finally {
    for (const q of Object.values(queues)) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
    await pool.end();
    await db.dropDatabase();
    await mongo.close();
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
    await source.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
