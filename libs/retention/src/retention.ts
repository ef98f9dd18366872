import type { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { Counter, type Registry } from 'prom-client';
import type { LakeRepository } from '@reviewlens/datalake';
import { planSnapshotRetention, planZoneRetention, type KeptSnapshot } from './lake-retention';
import {
  claimKeys, deleteKeys, existingKeys, planDeadLetters, removeDeadLetters, snapshotPinKey, type RetentionRedis,
} from './redis-retention';
import { deleteByIds, planRejects, planRunBookkeeping, protectedRunIds, runCreatedAt } from './store-retention';

/** The stores retention purges, as the `store` label of `reviewlens_retention_purged_total` and in logs. */
export const RETENTION_STORES = [
  'lake_manifests', 'lake_curated', 'lake_cleaned', 'lake_rejects', 'runs', 'run_batches', 'run_claims', 'rejects', 'dead_letter',
] as const;
export type RetentionStore = (typeof RETENTION_STORES)[number];

/** Documented defaults (libs/config RetentionConfigSchema, docs/operations.md "Retention"). */
export const RETENTION_DEFAULTS = {
  runMaxAgeMs: 30 * 86_400_000,
  deadLetterMaxAgeMs: 30 * 86_400_000,
  snapshotKeep: 10,
  curatedGraceMs: 3_600_000,
} as const;

export interface RetentionOptions {
  /** Runs, run_batches, claims, cleaned/ and rejects/ lake parts of runs older than this go (RETENTION_MAX_AGE). */
  runMaxAgeMs: number;
  /** Dead-letter entries and stored rejects older than this go (DEAD_LETTER_MAX_AGE). */
  deadLetterMaxAgeMs: number;
  /** Newest snapshots kept for rollback (SNAPSHOT_KEEP), besides the served and the pinned one. */
  snapshotKeep: number;
  /** Unreferenced curated parts younger than this stay (RETENTION_CURATED_GRACE). */
  curatedGraceMs: number;
  /** Report what would go; delete nothing. */
  dryRun: boolean;
  now?: Date;
}

export interface RetentionDeps {
  db: Db;
  /** The lake; null when the process has no S3 settings (the lake is skipped, and so are runs: see below). */
  lake: LakeRepository | null;
  redis: RetentionRedis;
  deadLetterQueue: Queue;
  /** QUEUE_PREFIX ('' = BullMQ's default `bull`). */
  queuePrefix: string;
}

export interface RetentionReport {
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  cutoffs: { runs: string; deadLetters: string };
  snapshotKeep: number;
  pinnedRunId: string | null;
  /** Snapshots a rollback can still reach, and why each is kept. */
  keptSnapshots: KeptSnapshot[];
  /** Runs kept whatever their age: referenced by a kept snapshot, in flight, or a failed run that can resume. */
  keptRuns: string[];
  /** Per store: what was deleted (or, in a dry run, what would be): the ids or keys, and their number. */
  stores: Record<RetentionStore, { count: number; items: string[] }>;
  notes: string[];
}

type Plan = Record<RetentionStore, string[]>;

/**
 * Works out everything one retention pass deletes, without deleting: the lake (curated parts and manifests no kept
 * snapshot needs, cleaned/ and rejects/ parts of old runs), run bookkeeping (runs, run_batches, claims) older than
 * the retention except runs a kept snapshot references, dead-letter entries and stored rejects older than their limit.
 * Archive segments are never purged here (the archive is the immutable record; its retention is issue 12's).
 */
export async function planRetention(deps: RetentionDeps, opts: RetentionOptions): Promise<{ plan: Plan; report: Omit<RetentionReport, 'stores' | 'finishedAt'> }> {
  const now = opts.now ?? new Date();
  const runCutoff = new Date(now.getTime() - opts.runMaxAgeMs);
  const deadLetterCutoff = new Date(now.getTime() - opts.deadLetterMaxAgeMs);
  const plan = Object.fromEntries(RETENTION_STORES.map((s) => [s, [] as string[]])) as Plan;
  const notes: string[] = [];
  const pinnedRunId = await deps.redis.get(snapshotPinKey(deps.queuePrefix));
  const guarded = await protectedRunIds(deps.db);
  let keptSnapshots: KeptSnapshot[] = [];
  const keepRuns = new Set<string>(guarded);
  if (deps.lake) {
    const snapshots = await planSnapshotRetention(deps.lake, {
      keep: opts.snapshotKeep, pinnedRunId, protectedRuns: guarded, graceMs: opts.curatedGraceMs, now,
    });
    keptSnapshots = snapshots.kept;
    for (const r of snapshots.referencedRuns) keepRuns.add(r);
    plan.lake_manifests = snapshots.manifests;
    plan.lake_curated = snapshots.curatedParts;
    notes.push(...snapshots.notes, ...snapshots.unreadableManifests.map((k) => `${k} is not a valid manifest: left in place`));
    const zones = await planZoneRetention(deps.lake, { cutoff: runCutoff, runCreatedAt: await runCreatedAt(deps.db), protectedRuns: guarded });
    plan.lake_cleaned = zones.cleaned;
    plan.lake_rejects = zones.rejects;
    const bookkeeping = await planRunBookkeeping(deps.db, { cutoff: runCutoff, keepRuns });
    plan.runs = bookkeeping.runs;
    plan.run_batches = bookkeeping.runBatches;
    const claims = claimKeys(deps.queuePrefix, bookkeeping.runIds);
    plan.run_claims = await existingKeys(deps.redis, claims);
  } else {
    notes.push('no lake configured (S3_* unset): lake zones skipped, and run bookkeeping kept (which runs a snapshot references is unknown)');
  }
  plan.rejects = await planRejects(deps.db, deadLetterCutoff);
  plan.dead_letter = await planDeadLetters(deps.deadLetterQueue, deadLetterCutoff);
  return {
    plan,
    report: {
      dryRun: opts.dryRun, startedAt: now.toISOString(), cutoffs: { runs: runCutoff.toISOString(), deadLetters: deadLetterCutoff.toISOString() },
      snapshotKeep: opts.snapshotKeep, pinnedRunId, keptSnapshots, keptRuns: [...keepRuns].sort(), notes,
    },
  };
}

/** Where purges are reported: a structured logger line per store, and the Prometheus counter. */
export interface RetentionHooks {
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  metrics?: RetentionMetrics;
}

/**
 * One retention pass: plans (see {@link planRetention}), then, unless `dryRun`, deletes in this order: curated
 * parts, manifests, cleaned and rejects parts, run_batches, runs, claims, stored rejects, dead letters (the lake goes
 * before the bookkeeping that explains it). Logs one line per store with its count, and counts what it deleted.
 * A dry run returns the same lists and deletes nothing (and counts nothing).
 */
export async function runRetention(deps: RetentionDeps, opts: RetentionOptions, hooks: RetentionHooks = {}): Promise<RetentionReport> {
  const { plan, report } = await planRetention(deps, opts);
  const deleted: Record<RetentionStore, number> = Object.fromEntries(RETENTION_STORES.map((s) => [s, 0])) as Record<RetentionStore, number>;
  if (!opts.dryRun) {
    if (deps.lake) {
      for (const store of ['lake_curated', 'lake_manifests', 'lake_cleaned', 'lake_rejects'] as const) {
        await deps.lake.deleteKeys(plan[store]);
        deleted[store] = plan[store].length;
      }
    }
    deleted.run_batches = await deleteByIds(deps.db, 'run_batches', plan.run_batches);
    deleted.runs = await deleteByIds(deps.db, 'runs', plan.runs);
    deleted.run_claims = await deleteKeys(deps.redis, plan.run_claims);
    deleted.rejects = await deleteByIds(deps.db, 'rejects', plan.rejects);
    deleted.dead_letter = await removeDeadLetters(deps.deadLetterQueue, plan.dead_letter);
  }
  const stores = Object.fromEntries(RETENTION_STORES.map((s) => [s, { count: opts.dryRun ? plan[s].length : deleted[s], items: plan[s] }])) as RetentionReport['stores'];
  const full: RetentionReport = { ...report, finishedAt: new Date().toISOString(), stores };
  for (const store of RETENTION_STORES) {
    const limit = store === 'rejects' || store === 'dead_letter' ? { cutoff: report.cutoffs.deadLetters }
      : store === 'lake_curated' || store === 'lake_manifests' ? { snapshotKeep: opts.snapshotKeep } : { cutoff: report.cutoffs.runs };
    const skipped = !deps.lake && (store.startsWith('lake_') || store.startsWith('run')) ? { skipped: 'no lake configured' } : {};
    hooks.logger?.info({ store, [opts.dryRun ? 'wouldPurge' : 'purged']: stores[store].count, dryRun: opts.dryRun, ...limit, ...skipped }, 'retention purge');
    if (!opts.dryRun && stores[store].count > 0) hooks.metrics?.purged.inc({ store }, stores[store].count);
  }
  for (const note of report.notes) hooks.logger?.warn({ note }, 'retention note');
  return full;
}

export interface RetentionMetrics { purged: Counter<'store'> }

/** `reviewlens_retention_purged_total{store}` on the service's registry, every store's series present from 0. */
export function createRetentionMetrics(registry: Registry): RetentionMetrics {
  const purged = new Counter({
    name: 'reviewlens_retention_purged_total', help: 'Objects, documents and entries deleted by the retention job, by store',
    labelNames: ['store'], registers: [registry],
  });
  for (const store of RETENTION_STORES) purged.inc({ store }, 0);
  return { purged };
}
