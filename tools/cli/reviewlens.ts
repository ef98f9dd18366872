#!/usr/bin/env node
/**
 * reviewlens: the ops command (docs/operations.md, "Ops CLI").
 *
 *   npm run reviewlens -- runs list [--limit 20] [--json]
 *   npm run reviewlens -- runs show <runId>
 *   npm run reviewlens -- runs cancel <runId>
 *   npm run reviewlens -- lake check [--max-age 24h] [--min-bytes 512] [--run <runId>] [--all] [--json]
 *   npm run reviewlens -- archive verify [--run <runId>] [--all] [--json]
 *   npm run reviewlens -- dead-letter list [--run <id>] [--reason <r>] [--limit 50] [--offset 0] [--json]
 *   npm run reviewlens -- dead-letter replay <id>
 *   npm run reviewlens -- dead-letter purge --older-than <age> [--run <id>] [--reason <r>] [--dry-run]
 *   npm run reviewlens -- purge [--older-than 30d] [--dead-letter-older-than 30d] [--keep 10] [--grace 1h] [--dry-run] [--json] [--verbose]
 *
 * Settings from the environment like the services (REDIS_URL, QUEUE_PREFIX, MONGO_URL, MONGO_DB, S3_*, and the
 * retention defaults RETENTION_MAX_AGE, DEAD_LETTER_MAX_AGE, SNAPSHOT_KEEP, RETENTION_CURATED_GRACE).
 * Exit codes: 0 ok; 1 failure (a check failed, a run could not be cancelled, a service unreachable); 2 usage or input
 * error (unknown command or option, bad age, unknown run or entry, invalid settings).
 */
import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { Queue } from 'bullmq';
import type { Db, MongoClient } from 'mongodb';
import pino from 'pino';
import { z } from 'zod';
import { BaseConfigSchema, ConfigError, RetentionConfigSchema, S3ConfigSchema, formatAge, loadConfig, parseAge } from '@reviewlens/config';
import { QUEUES, type QueueKey } from '@reviewlens/contracts';
import { LakeRepository } from '@reviewlens/datalake';
import { createLogger } from '@reviewlens/observability';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { planDeadLetters, removeDeadLetters, runRetention, type RetentionRedis, type RetentionReport } from '@reviewlens/retention';
import { ArchiveRepository, RejectRepository, RunBatchRepository, RunRepository, connectMongo, type RunReport } from '@reviewlens/store';
import { DeadLetterService } from '../../apps/api/src/dead-letter/dead-letter.service';
import { RejectsService } from '../../apps/api/src/rejects/rejects.service';
import { RunsService } from '../../apps/api/src/runs/runs.service';
import { verifyArchive } from '../ops/archive-verify';
import { formatTable, renderFindings, type Finding } from '../ops/findings';
import { checkLake } from '../ops/lake-check';

/** Exit codes for scripts. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad input: exit 2. */
class UsageError extends Error {}

const CliConfigSchema = BaseConfigSchema.merge(S3ConfigSchema.partial()).merge(RetentionConfigSchema);
type CliConfig = z.infer<typeof CliConfigSchema>;

/** Connections opened on first use, closed once at the end. */
class Ops {
  private cfg: CliConfig | null = null;
  private mongo: { client: MongoClient; db: Db } | null = null;
  private readonly queues = new Map<QueueKey, Queue>();
  private lakeRepo: LakeRepository | null = null;

  config(): CliConfig {
    if (!this.cfg) {
      try {
        this.cfg = loadConfig('reviewlens', CliConfigSchema);
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
    }
    return this.cfg;
  }

  async db(): Promise<Db> {
    if (!this.mongo) {
      const c = this.config();
      const { client, db } = await connectMongo({ url: c.MONGO_URL, dbName: c.MONGO_DB });
      this.mongo = { client, db };
    }
    return this.mongo.db;
  }

  queue(key: QueueKey): Queue {
    let q = this.queues.get(key);
    if (!q) {
      const c = this.config();
      q = new Queue(QUEUES[key], { connection: redisOptionsFromUrl(c.REDIS_URL), prefix: c.QUEUE_PREFIX || 'bull' });
      q.on('error', () => undefined);
      this.queues.set(key, q);
    }
    return q;
  }

  lake(required: true): LakeRepository;
  lake(required: false): LakeRepository | null;
  lake(required: boolean): LakeRepository | null {
    if (!this.lakeRepo) {
      const c = this.config();
      // The parsed config holds S3_FORCE_PATH_STYLE as a boolean; the schema reads the environment's text.
      const s3 = S3ConfigSchema.safeParse({ ...c, S3_FORCE_PATH_STYLE: c.S3_FORCE_PATH_STYLE === undefined ? undefined : String(c.S3_FORCE_PATH_STYLE) });
      if (!s3.success) {
        if (required) throw new UsageError(`the lake needs S3 settings: ${s3.error.issues.map((i) => i.path.join('.')).join(', ')} (set -a; . ./.services/env; set +a)`);
        return null;
      }
      this.lakeRepo = new LakeRepository(s3.data);
    }
    return this.lakeRepo;
  }

  async runsService(): Promise<RunsService> {
    const db = await this.db();
    return new RunsService(new RunRepository(db), new RunBatchRepository(db), new ArchiveRepository(db), this.queue('extract'), this.queue('archive'), this.queue('clean'), this.queue('classify'), this.queue('load'));
  }

  async rejectsService(): Promise<RejectsService> {
    const db = await this.db();
    return new RejectsService(new RejectRepository(db), new RunRepository(db), this.queue('clean'));
  }

  async deadLetterService(): Promise<DeadLetterService> {
    const db = await this.db();
    return new DeadLetterService(this.queue('deadLetter'), this.queue('extract'), this.queue('archive'), this.queue('clean'), this.queue('classify'), this.queue('load'), new RunRepository(db));
  }

  async redis(): Promise<RetentionRedis> {
    return (await this.queue('deadLetter').client) as unknown as RetentionRedis;
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) await q.close().catch(() => undefined);
    await this.mongo?.client.close().catch(() => undefined);
    this.lakeRepo?.client.destroy();
  }
}

function age(value: string): number {
  try {
    return parseAge(value);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** The api services answer with HTTP errors: 404 is the caller's mistake (exit 2), anything else a failure (exit 1). */
function fromApiError(err: unknown): never {
  const status = (err as { getStatus?: () => number }).getStatus?.();
  const body = (err as { getResponse?: () => unknown }).getResponse?.() as { error?: { message?: string } } | undefined;
  const message = body?.error?.message ?? (err as Error).message;
  if (status === 404 || status === 400) throw new UsageError(message);
  if (status !== undefined) throw new Error(message);
  throw err;
}

function bar(label: string): SingleBar {
  return new SingleBar({ format: `${label} [{bar}] {value}/{total}`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
}

const out = (text: string): void => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); };
const json = (value: unknown): void => out(JSON.stringify(value, null, 2));

function runsTable(reports: RunReport[]): string {
  return formatTable(
    ['run', 'status', 'trigger', 'created', 'published', 'extracted', 'loaded', 'rejected', 'error'],
    reports.map((r) => [r.runId, r.status, r.trigger, r.createdAt, r.publishedAt ?? '', String(r.counts.extracted), String(r.counts.loaded), String(r.counts.rejected), r.error ?? '']),
    60,
  );
}

function printFindings(title: string, findings: Finding[], opts: { json?: boolean; all?: boolean }): void {
  if (opts.json) json({ ok: !findings.some((f) => f.status === 'fail'), findings });
  else out(renderFindings(title, findings, opts.all));
  if (findings.some((f) => f.status === 'fail')) process.exitCode = EXIT.failed;
}

function retentionTable(report: RetentionReport): string {
  const head = report.dryRun ? 'would delete' : 'deleted';
  const rows = Object.entries(report.stores).map(([store, v]) => [store, String(v.count)]);
  const kept = report.keptSnapshots.map((s) => `${s.runId} (${s.because.join(', ')})`).join(', ') || 'none';
  return [
    formatTable(['store', head], rows),
    `cutoffs: runs and lake zones before ${report.cutoffs.runs}, dead letters and rejects before ${report.cutoffs.deadLetters}`,
    `snapshots kept for rollback (${report.snapshotKeep} newest + served + pinned): ${kept}`,
    ...report.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export function buildProgram(ops: Ops): Command {
  const program = new Command('reviewlens')
    .description('ReviewLens ops: runs, lake and archive checks, dead letters, retention. Exit codes: 0 ok, 1 failure, 2 usage/input error.')
    .exitOverride()
    .showHelpAfterError();

  const runs = program.command('runs').description('pipeline runs (the same logic as /v1/runs)');
  runs.command('list').description('newest runs first')
    .option('--limit <n>', 'how many runs', positiveInt('--limit', 1000), 20)
    .option('--json', 'print the run reports as JSON')
    .action(async (o: { limit: number; json?: boolean }) => {
      const reports = await (await ops.runsService()).list(o.limit);
      if (o.json) json(reports); else out(reports.length ? runsTable(reports) : 'no runs');
    });
  runs.command('show').description('one run\'s report (counts per stage, failure, freshness), JSON')
    .argument('<runId>')
    .action(async (runId: string) => { json(await (await ops.runsService()).report(runId).catch(fromApiError)); });
  runs.command('cancel').description('cancel an active run (as DELETE /v1/runs/:id): waiting jobs removed, nothing it wrote published')
    .argument('<runId>')
    .action(async (runId: string) => { json(await (await ops.runsService()).cancel(runId).catch(fromApiError)); });
  runs.command('replay').description('rebuild a run from the MongoDB archive alone (as POST /v1/runs {fromArchive}): cleaned, classified and published again, the source untouched, the watermark unchanged')
    .requiredOption('--from-archive <runId>', 'the run whose archive segments are replayed')
    .option('--run-id <id>', 'id of the new run (default: generated)')
    .action(async (o: { fromArchive: string; runId?: string }) => {
      json(await (await ops.runsService()).trigger({ runId: o.runId, full: true, trigger: 'cli', fromArchive: o.fromArchive }).catch(fromApiError));
    });

  const lake = program.command('lake').description('the data lake');
  lake.command('check').description('check the served snapshot: manifest, parts, checksums, schema, row counts, sizes, age (exit 1 on any failure)')
    .addOption(new Option('--max-age <age>', 'snapshot older than this fails').default('24h'))
    .option('--min-bytes <n>', 'parts smaller than this fail', positiveInt('--min-bytes', 1 << 30), 512)
    .option('--run <runId>', 'check this run\'s manifest (a rollback target) instead of curated/_latest.json')
    .option('--all', 'list every finding, not only failures and warnings')
    .option('--json', 'print the findings as JSON')
    .action(async (o: { maxAge: string; minBytes: number; run?: string; all?: boolean; json?: boolean }) => {
      const maxAgeMs = age(o.maxAge);
      const progress = bar('parts');
      let started = false;
      const findings = await checkLake(ops.lake(true), {
        maxAgeMs, minPartBytes: o.minBytes, ...(o.run ? { runId: o.run } : {}),
        onStart: (total) => { progress.start(total, 0); started = true; },
        onPart: (done) => progress.update(done),
      }).finally(() => { if (started) progress.stop(); });
      printFindings(`lake check ${ops.lake(true).bucket}`, findings, o);
    });

  const archive = program.command('archive').description('the MongoDB archive (archive_segments)');
  archive.command('verify').description('decode every segment (sha256, rowCount), duplicate ids, counts per run against run_batches and runs, indexes (exit 1 on any failure)')
    .option('--run <runId>', 'only this run\'s segments')
    .option('--all', 'list every finding, not only failures and warnings')
    .option('--json', 'print the findings as JSON')
    .action(async (o: { run?: string; all?: boolean; json?: boolean }) => {
      const progress = bar('segments');
      let started = false;
      const findings = await verifyArchive(await ops.db(), {
        ...(o.run ? { runId: o.run } : {}),
        onStart: (total) => { progress.start(total, 0); started = true; },
        onSegment: (done) => progress.update(done),
      }).finally(() => { if (started) progress.stop(); });
      printFindings('archive verify', findings, o);
    });

  const rj = program.command('rejects').description('rows rejected for their data (the same logic as /v1/rejects)');
  rj.command('list').description('pending rejects, newest first')
    .option('--run <runId>', 'only this run\'s rejects')
    .option('--reason <reason>', 'only this reason (invalid_rating, text_too_long, ...)')
    .option('--product <productId>', 'only this product\'s rejects')
    .option('--limit <n>', 'page size', positiveInt('--limit', 10_000), 50)
    .option('--json', 'print the rejects as JSON')
    .action(async (o: { run?: string; reason?: string; product?: string; limit: number; json?: boolean }) => {
      const page = await (await ops.rejectsService()).list({ runId: o.run, reason: o.reason, productId: o.product }, 0, o.limit);
      if (o.json) { json(page); return; }
      out(formatTable(['run', 'batch', 'review', 'product', 'reason', 'detail'], page.rejects.map((r) => [r.runId, r.batchId, r.reviewId ?? '', r.productId ?? '', r.reason, r.detail]), 60));
      out(`${page.rejects.length} shown of ${page.total}`);
    });
  rj.command('replay').description('send a published run\'s pending rejects back to the cleaner after a rule change (as POST /v1/rejects/replay)')
    .requiredOption('--run <runId>', 'the run')
    .option('--reason <reason>', 'only rejects with this reason')
    .action(async (o: { run: string; reason?: string }) => { json(await (await ops.rejectsService()).replay({ runId: o.run, reason: o.reason }).catch(fromApiError)); });

  const dl = program.command('dead-letter').description('jobs that failed for good (the same logic as /v1/dead-letter)');
  dl.command('list').description('parked entries, oldest first')
    .option('--run <runId>', 'only this run\'s entries')
    .option('--reason <reason>', 'only entries with this reason (retries_exhausted, invalid_payload, ...)')
    .option('--limit <n>', 'page size', positiveInt('--limit', 10_000), 50)
    .option('--offset <n>', 'skip this many matching entries', (v: string) => (v === '0' ? 0 : positiveInt('--offset', 1e9)(v)), 0)
    .option('--json', 'print the entries as JSON')
    .action(async (o: { run?: string; reason?: string; limit: number; offset: number; json?: boolean }) => {
      const page = await (await ops.deadLetterService()).list(o.offset, o.limit, { ...(o.run ? { runId: o.run } : {}), ...(o.reason ? { reason: o.reason } : {}) });
      if (o.json) { json(page); return; }
      out(formatTable(['id', 'stage', 'reason', 'run', 'batch', 'failed at', 'error'],
        page.entries.map(({ id, entry: e }) => [id, e.stage, e.reason, e.runId ?? '', e.batchId ?? '', e.failedAt, e.error ?? '']), 60));
      out(`${page.entries.length} shown of ${page.total}`);
    });
  dl.command('replay').description('re-enqueue an entry on its queue (resumes its failed run when it is the latest)')
    .argument('<id>')
    .action(async (id: string) => { json(await (await ops.deadLetterService()).replay(id).catch(fromApiError)); });
  dl.command('purge').description('delete entries parked longer than an age')
    .requiredOption('--older-than <age>', 'e.g. 30d, 12h')
    .option('--run <runId>', 'only this run\'s entries')
    .option('--reason <reason>', 'only entries with this reason')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('--json', 'print the ids as JSON')
    .action(async (o: { olderThan: string; run?: string; reason?: string; dryRun?: boolean; json?: boolean }) => {
      const maxAgeMs = age(o.olderThan);
      const cutoff = new Date(Date.now() - maxAgeMs);
      const dlq = ops.queue('deadLetter');
      const ids = await planDeadLetters(dlq, cutoff, { ...(o.run ? { runId: o.run } : {}), ...(o.reason ? { reason: o.reason } : {}) });
      const count = o.dryRun ? ids.length : await removeDeadLetters(dlq, ids);
      cliLogger().info({ store: 'dead_letter', [o.dryRun ? 'wouldPurge' : 'purged']: count, dryRun: o.dryRun === true, cutoff: cutoff.toISOString() }, 'retention purge');
      if (o.json) json({ dryRun: o.dryRun === true, cutoff: cutoff.toISOString(), count, ids });
      else out(`${o.dryRun ? 'would delete' : 'deleted'} ${count} dead-letter entr${count === 1 ? 'y' : 'ies'} parked before ${cutoff.toISOString()} (${formatAge(maxAgeMs)})${o.dryRun && ids.length ? `:\n${ids.join('\n')}` : ''}`);
    });

  program.command('purge').description('run the retention job once (docs/operations.md "Retention"); --dry-run lists what it would delete')
    .option('--older-than <age>', 'runs, run_batches, claims, cleaned/ and rejects/ parts of runs older than this (default RETENTION_MAX_AGE, 30d)')
    .option('--dead-letter-older-than <age>', 'dead-letter entries and stored rejects older than this (default DEAD_LETTER_MAX_AGE, 30d)')
    .option('--keep <n>', 'snapshots kept for rollback (default SNAPSHOT_KEEP, 10; at least 2)', (v: string) => {
      const n = positiveInt('--keep', 10_000)(v);
      if (n < 2) throw new UsageError('--keep must be at least 2 (the served snapshot and the one before it)');
      return n;
    })
    .option('--grace <age>', 'unreferenced curated parts younger than this stay (default RETENTION_CURATED_GRACE, 1h; 0 for none)')
    .option('--dry-run', 'report what would be deleted, delete nothing')
    .option('--verbose', 'list every id and key')
    .option('--json', 'print the whole report (every id and key) as JSON')
    .action(async (o: { olderThan?: string; deadLetterOlderThan?: string; keep?: number; grace?: string; dryRun?: boolean; verbose?: boolean; json?: boolean }) => {
      const c = ops.config();
      const report = await runRetention({
        db: await ops.db(), lake: ops.lake(false), redis: await ops.redis(), deadLetterQueue: ops.queue('deadLetter'), queuePrefix: c.QUEUE_PREFIX,
      }, {
        runMaxAgeMs: o.olderThan ? age(o.olderThan) : c.RETENTION_MAX_AGE,
        deadLetterMaxAgeMs: o.deadLetterOlderThan ? age(o.deadLetterOlderThan) : c.DEAD_LETTER_MAX_AGE,
        snapshotKeep: o.keep ?? c.SNAPSHOT_KEEP,
        curatedGraceMs: o.grace !== undefined ? (o.grace.trim() === '0' ? 0 : age(o.grace)) : c.RETENTION_CURATED_GRACE,
        dryRun: o.dryRun === true,
      }, { logger: cliLogger() });
      if (o.json) { json(report); return; }
      out(retentionTable(report));
      if (o.verbose) for (const [store, v] of Object.entries(report.stores)) for (const item of v.items) out(`${store}\t${item}`);
    });
  return program;
}

let logger: pino.Logger | null = null;
/** Structured log lines (one per purged store) go to stderr, so stdout stays the command's output. */
function cliLogger(): pino.Logger {
  logger ??= createLogger('reviewlens-cli', process.env.LOG_LEVEL ?? 'info', pino.destination({ fd: 2, sync: true }));
  return logger;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const ops = new Ops();
  const program = buildProgram(ops);
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed the help or the problem (unknown command or option, missing argument: exit 2).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`reviewlens: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`reviewlens: ${(err as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await ops.close();
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => process.exit(code));
}
