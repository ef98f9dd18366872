import { STAGES, type Stage } from '@reviewlens/contracts';
import { secondsBetween, sourceInstant, type SourceInstant } from '@reviewlens/domain';
import type { RunBatchDoc, RunDoc, RunFreshness, RunReport, StageSummary } from './run.types';

function emptySummary(): StageSummary {
  return { batches: 0, rows: 0, rejected: 0, rejectedByReason: {}, durationMs: 0, retries: 0, firstAt: null, lastAt: null };
}

function addReasons(into: Record<string, number>, from: Record<string, number>): void {
  for (const [reason, n] of Object.entries(from)) into[reason] = (into[reason] ?? 0) + n;
}

/**
 * The run's freshness from its extractor batch records (min of `sourceUpdatedAtMin`, max of `sourceUpdatedAtMax`,
 * compared as instants) and its publish time. Null when no extractor batch carries the range. Pure; never throws
 * (unreadable values are skipped).
 */
export function buildRunFreshness(publishedAt: Date | null, batches: readonly RunBatchDoc[]): RunFreshness | null {
  let min: SourceInstant | null = null;
  let max: SourceInstant | null = null;
  for (const b of batches) {
    if (b.stage !== 'extractor' || b.replay) continue;
    const lo = sourceInstant(b.sourceUpdatedAtMin);
    const hi = sourceInstant(b.sourceUpdatedAtMax);
    if (lo && (!min || lo.epochMs < min.epochMs)) min = lo;
    if (hi && (!max || hi.epochMs > max.epochMs)) max = hi;
  }
  if (!min || !max) return null;
  const published = publishedAt?.getTime() ?? null;
  return {
    sourceUpdatedAtMin: min.iso,
    sourceUpdatedAtMax: max.iso,
    newestChangeLagSeconds: published === null ? null : secondsBetween(max.epochMs, published),
    oldestChangeLagSeconds: published === null ? null : secondsBetween(min.epochMs, published),
  };
}

/** Folds the per-batch records of a run into its report (counts per stage, reject reasons, durations, retries). */
export function buildRunReport(run: RunDoc, batches: RunBatchDoc[]): RunReport {
  let replayed = 0;
  const stages = Object.fromEntries(STAGES.map((s) => [s, emptySummary()])) as Record<Stage, StageSummary>;
  for (const b of batches) {
    const s = stages[b.stage];
    if (!s) continue;
    if (b.replay && b.stage === 'cleaner') replayed += b.count + b.rejected;
    s.batches += 1;
    s.rows += b.count;
    s.rejected += b.rejected;
    addReasons(s.rejectedByReason, b.rejectedByReason);
    s.durationMs += b.durationMs;
    s.retries += Math.max(0, b.attempts - 1);
    const at = b.at.toISOString();
    if (!s.firstAt || at < s.firstAt) s.firstAt = at;
    if (!s.lastAt || at > s.lastAt) s.lastAt = at;
  }
  const counts = {
    extracted: stages.extractor.rows,
    archived: stages.archiver.rows,
    cleaned: stages.cleaner.rows,
    rejected: stages.cleaner.rejected - replayed,
    replayed,
    classified: stages.classifier.rows,
    loaded: stages.loader.rows,
  };
  const finished = run.status === 'published';
  return {
    runId: run._id,
    status: run.status,
    trigger: run.trigger,
    createdAt: run.createdAt.toISOString(),
    publishedAt: run.publishedAt ? run.publishedAt.toISOString() : null,
    batchCount: run.batchCount,
    snapshotId: run.snapshotId,
    counts,
    rejectedByReason: { ...stages.cleaner.rejectedByReason },
    stages,
    durationMs: run.publishedAt ? run.publishedAt.getTime() - run.createdAt.getTime() : null,
    invariantHolds: finished ? counts.extracted === counts.loaded + counts.rejected : null,
    freshness: buildRunFreshness(run.publishedAt, batches),
    error: run.error,
    failure: run.failure ? { ...run.failure, at: run.failure.at.toISOString() } : null,
  };
}
