import { STAGES, type Stage } from '@reviewlens/contracts';
import type { RunBatchDoc, RunDoc, RunReport, StageSummary } from './run.types';

function emptySummary(): StageSummary {
  return { batches: 0, rows: 0, rejected: 0, rejectedByReason: {}, durationMs: 0, retries: 0, firstAt: null, lastAt: null };
}

function addReasons(into: Record<string, number>, from: Record<string, number>): void {
  for (const [reason, n] of Object.entries(from)) into[reason] = (into[reason] ?? 0) + n;
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
    error: run.error,
  };
}
