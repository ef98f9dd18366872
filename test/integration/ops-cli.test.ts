// The reviewlens ops CLI as a child process against the local Redis, FerretDB and s3rver, exit codes checked:
// `lake check` green on a good snapshot and 1 on a corrupted part, `runs cancel` on an active run (and 1 on a finished
// one, 2 on an unknown one), `archive verify`, `dead-letter list|purge`, `purge --dry-run`, and 2 on bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { MongoClient, type Db } from 'mongodb';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { QUEUES, type DeadLetterEntry } from '@reviewlens/contracts';
import { LakeRepository, PARQUET_CONTENT_TYPE, curatedPartKey, encodeRows, readLatestSnapshot, sha256Hex } from '@reviewlens/datalake';
import { createLogger } from '@reviewlens/observability';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { ArchiveRepository, COLLECTIONS, RunBatchRepository, RunRepository, WatermarkRepository, ensureIndexes } from '@reviewlens/store';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { SnapshotPublisher } from '../../apps/loader/src/snapshot.publisher';
import { sampleCurated } from '../../libs/datalake/src/test-rows';

const CLI = join(__dirname, '../../tools/cli/reviewlens.js');

describe('reviewlens CLI', () => {
  const env = serviceEnv();
  const name = uniqueName('opscli');
  const dbName = uniqueName('opscli', { separator: '_' });
  let client: MongoClient;
  let db: Db;
  let lake: LakeRepository;
  let runs: RunRepository;
  let batches: RunBatchRepository;
  const queues: Queue[] = [];

  /** Runs the CLI with this test's database, bucket and queue prefix; resolves with its exit code and output. */
  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, ...env.vars, MONGO_DB: dbName, S3_BUCKET: name, QUEUE_PREFIX: name, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  before(async () => {
    client = await new MongoClient(env.mongoUrl).connect();
    db = client.db(dbName);
    await ensureIndexes(db);
    lake = new LakeRepository({
      S3_ENDPOINT: env.s3.endpoint, S3_REGION: env.s3.region, S3_BUCKET: name, S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey, S3_FORCE_PATH_STYLE: env.s3.forcePathStyle,
    });
    await lake.ensureBucket();
    runs = new RunRepository(db);
    batches = new RunBatchRepository(db);
  });
  after(async () => {
    for (const q of queues) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
    await db.dropDatabase();
    await client.close();
    await lake.deleteKeys(await lake.listKeys(''));
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket }));
    lake.client.destroy();
  });

  const queue = (key: keyof typeof QUEUES): Queue => {
    const q = new Queue(QUEUES[key], { connection: redisOptionsFromUrl(env.redisUrl), prefix: name });
    queues.push(q);
    return q;
  };

  test('bad input exits 2', async () => {
    assert.equal((await cli('no-such-command')).code, 2);
    assert.equal((await cli('lake', 'check', '--max-age', 'a while')).code, 2);
    assert.equal((await cli('dead-letter', 'purge')).code, 2, '--older-than is required');
    assert.equal((await cli('--help')).code, 0);
  });

  test('lake check: exit 1 before any snapshot, 0 on a good one, 1 on a corrupted part', async () => {
    const none = await cli('lake', 'check');
    assert.equal(none.code, 1);
    assert.match(none.stdout, /FAIL\s+manifest/);

    await runs.createIfAbsent({ _id: 'good', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    const body = await encodeRows('curated', [sampleCurated(1), sampleCurated(2), sampleCurated(3)]);
    await lake.putObject(curatedPartKey('good', 'b000001'), body, PARQUET_CONTENT_TYPE);
    for (const stage of ['loader', 'archiver'] as const) {
      await batches.record({ runId: 'good', stage, batchId: 'b000001', count: 3, durationMs: 1, attempts: 1, ...(stage === 'loader' ? { checksum: sha256Hex(body) } : {}) });
    }
    await runs.markExtracted('good', 1);
    const publisher = new SnapshotPublisher({ SNAPSHOT_COMPACT_MAX_PARTS: 64, SNAPSHOT_COMPACT_MAX_GROWTH: 1.5 }, lake, runs, batches, new WatermarkRepository(db), createLogger('t', 'silent'));
    assert.equal((await publisher.publishIfComplete('good', 'job')).status, 'published');

    const green = await cli('lake', 'check', '--json');
    assert.equal(green.code, 0, green.stdout + green.stderr);
    const report = JSON.parse(green.stdout) as { ok: boolean; findings: { check: string; status: string }[] };
    assert.equal(report.ok, true);
    for (const check of ['manifest', 'snapshot age', 'part size', 'sha256', 'schema', 'row count', 'snapshot rows']) {
      assert.ok(report.findings.some((f) => f.check === check && f.status === 'ok'), check);
    }
    assert.equal((await cli('lake', 'check', '--max-age', '1s')).code, 1, 'older than --max-age');
    assert.equal((await cli('lake', 'check', '--min-bytes', String(body.length + 1))).code, 1, 'below the minimum size');

    const corrupted = Buffer.from(body);
    corrupted.write('garbage!', Math.floor(corrupted.length / 2));
    await lake.putObject(curatedPartKey('good', 'b000001'), corrupted, PARQUET_CONTENT_TYPE);
    const red = await cli('lake', 'check');
    assert.equal(red.code, 1);
    assert.match(red.stdout, /FAIL\s+sha256\s+curated\/run=good\/part-b000001\.parquet/);
    assert.match(red.stdout, /lake check .*: FAILED/);
    await lake.putObject(curatedPartKey('good', 'b000001'), body, PARQUET_CONTENT_TYPE);
    assert.equal((await readLatestSnapshot(lake))?.runId, 'good');
  });

  test('runs cancel cancels an active run and removes its waiting jobs; 1 on a finished run, 2 on an unknown one', async () => {
    await runs.createIfAbsent({ _id: 'busy', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    const load = queue('load');
    await load.add('batch', { kind: 'batch', runId: 'busy', batchId: 'b000001', rows: [] }, { jobId: 'busy.b000001' });
    const res = await cli('runs', 'cancel', 'busy');
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), { runId: 'busy', status: 'cancelled', removedJobs: 1, jobsInFlight: 0 });
    assert.equal((await runs.get('busy'))?.status, 'cancelled');
    assert.equal(await load.getJob('busy.b000001'), undefined);

    const again = await cli('runs', 'cancel', 'busy');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already cancelled/);
    assert.equal((await cli('runs', 'cancel', 'nope')).code, 2);

    const list = await cli('runs', 'list', '--json');
    assert.equal(list.code, 0);
    assert.deepEqual((JSON.parse(list.stdout) as { runId: string }[]).map((r) => r.runId).sort(), ['busy', 'good']);
    const show = await cli('runs', 'show', 'good');
    assert.equal(show.code, 0);
    assert.equal((JSON.parse(show.stdout) as { status: string }).status, 'published');
    assert.equal((await cli('runs', 'show', 'nope')).code, 2);
  });

  test('archive verify: 0 on a sound archive, 1 on a segment whose checksum does not hold', async () => {
    const archive = new ArchiveRepository(db);
    await archive.appendBatch('good', 'b000001', new Date().toISOString(), [{ reviewId: 'r1' }, { reviewId: 'r2' }, { reviewId: 'r3' }] as never);
    const sound = await cli('archive', 'verify', '--json');
    assert.equal(sound.code, 0, sound.stdout + sound.stderr);
    const findings = (JSON.parse(sound.stdout) as { findings: { check: string; status: string; target: string }[] }).findings;
    assert.ok(findings.some((f) => f.check === 'index' && f.status === 'ok' && f.target.startsWith('archive_segments')));
    assert.ok(findings.some((f) => f.check === 'run counts' && f.target === 'good' && f.status === 'ok'));

    await db.collection(COLLECTIONS.archiveSegments).updateOne({ _id: 'good|b000001' as never }, { $set: { sha256: '0'.repeat(64) } });
    const broken = await cli('archive', 'verify');
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /FAIL\s+segment\s+good\|b000001\s+.*sha256 mismatch/);
  });

  test('dead-letter list and purge, and purge --dry-run deletes nothing', async () => {
    const dlq = queue('deadLetter');
    const entry = (failedAt: Date): DeadLetterEntry => ({
      stage: 'loader', queue: QUEUES.load, reason: 'retries_exhausted', error: 'boom', runId: 'good', batchId: 'b000001', payload: {}, failedAt: failedAt.toISOString(), attemptsMade: 3,
    });
    await dlq.add('dead-letter', entry(new Date(Date.now() - 40 * 86_400_000)), { jobId: 'old' });
    await dlq.add('dead-letter', entry(new Date()), { jobId: 'new' });
    const list = await cli('dead-letter', 'list', '--run', 'good', '--json');
    assert.equal(list.code, 0);
    assert.equal((JSON.parse(list.stdout) as { total: number }).total, 2);

    const dry = await cli('dead-letter', 'purge', '--older-than', '30d', '--dry-run', '--json');
    assert.equal(dry.code, 0);
    assert.deepEqual((JSON.parse(dry.stdout) as { ids: string[] }).ids, ['old']);
    assert.equal(await dlq.getWaitingCount(), 2);
    const purge = await cli('dead-letter', 'purge', '--older-than', '30d');
    assert.equal(purge.code, 0);
    assert.match(purge.stdout, /deleted 1 dead-letter entry/);
    assert.match(purge.stderr, /"store":"dead_letter","purged":1/);
    assert.deepEqual((await dlq.getWaiting()).map((j) => j.id), ['new']);

    const keys = await lake.listKeys('');
    const retention = await cli('purge', '--older-than', '1s', '--grace', '0', '--dry-run', '--json');
    assert.equal(retention.code, 0, retention.stderr);
    const report = JSON.parse(retention.stdout) as { dryRun: boolean; stores: Record<string, { count: number }> };
    assert.equal(report.dryRun, true);
    assert.equal(report.stores.runs!.count, 1, 'the cancelled run; the published one is referenced by the served snapshot');
    assert.deepEqual(await lake.listKeys(''), keys, 'a dry run deletes nothing');
    assert.equal(await db.collection(COLLECTIONS.runs).countDocuments(), 2);
    assert.equal((await cli('purge', '--keep', '1')).code, 2, 'fewer than 2 snapshots kept is refused');
  });
});
