import type { Stage } from '@reviewlens/contracts';

export interface Cursor { updatedAt: string; reviewId: string }

/**
 * Run states. Active: extracting, extracted, publishing. Final: published; failed (a batch was dead-lettered as a
 * failed job, or the run made no progress for RUN_STALL_AFTER_MS); cancelled (by an engineer). Neither failed nor
 * cancelled runs move the watermark or block a new run.
 */
export type RunStatus = 'extracting' | 'extracted' | 'publishing' | 'published' | 'failed' | 'cancelled';

/** Statuses of a run still in flight. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['extracting', 'extracted', 'publishing'];

/** Why a run failed: the dead-lettered job (stage, queue, batch) and its error, or `stalled`. */
export interface RunFailure {
  reason: 'retries_exhausted' | 'invalid_payload' | 'stalled_too_often' | 'stalled';
  stage: Stage | null;
  queue: string | null;
  batchId: string | null;
  error: string;
  at: Date;
}

export interface RunDoc {
  _id: string;
  status: RunStatus;
  trigger: string;
  full: boolean;
  createdAt: Date;
  /** Exclusive lower bound (watermark at start) and inclusive upper bound of the run's keyset range. */
  fromCursor: Cursor | null;
  /** A run rebuilt from the archive segments of this run (no source read, no watermark move); absent otherwise. */
  fromArchive?: string | null;
  upTo: string | null;
  /** Extraction progress, for resuming after a crash. */
  cursor: Cursor | null;
  batchesPublished: number;
  batchCount: number | null;
  extractedAt: Date | null;
  publishClaim: { token: string; at: Date } | null;
  publishedAt: Date | null;
  snapshotId: string | null;
  error: string | null;
  /** Set when the run failed (absent on runs recorded before run failures existed). */
  failure?: RunFailure | null;
  cancelledAt?: Date | null;
}

/** One document per run, stage and batch: upserted, so a retried batch never counts twice. */
export interface RunBatchDoc {
  _id: string;
  runId: string;
  stage: Stage;
  batchId: string;
  replay: boolean;
  count: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  durationMs: number;
  attempts: number;
  at: Date;
  checksum: string | null;
  /** Extractor batches (absent on older records and other stages): source `updatedAt` range of the batch's rows. */
  sourceUpdatedAtMin?: string;
  sourceUpdatedAtMax?: string;
}

export interface StageSummary {
  batches: number;
  rows: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  durationMs: number;
  retries: number;
  firstAt: string | null;
  lastAt: string | null;
}

/**
 * How fresh a run's changes were. The source `updatedAt` range of the rows the run extracted (ISO 8601 UTC, ms; from
 * the extractor's per-batch records, so a run recorded before these existed, or one that extracted nothing, has none),
 * and, once published, how long its newest and its oldest change waited: `publishedAt − sourceUpdatedAtMax` and
 * `publishedAt − sourceUpdatedAtMin`, in seconds (ms precision; negative only if the source clock runs ahead).
 * Rejected rows are inside the range too: it is what the run took from the source, not only what it served.
 */
export interface RunFreshness {
  sourceUpdatedAtMin: string;
  sourceUpdatedAtMax: string;
  /** publishedAt − sourceUpdatedAtMax, seconds; null until published. The freshest change's wait. */
  newestChangeLagSeconds: number | null;
  /** publishedAt − sourceUpdatedAtMin, seconds; null until published. The longest a change of this run waited. */
  oldestChangeLagSeconds: number | null;
}

export interface RunReport {
  runId: string;
  status: RunStatus;
  trigger: string;
  createdAt: string;
  publishedAt: string | null;
  batchCount: number | null;
  snapshotId: string | null;
  /** rejected is net of rows replayed from the dead-letter queue (replayed counts the rows that re-entered the cleaner). */
  counts: { extracted: number; archived: number; cleaned: number; rejected: number; replayed: number; classified: number; loaded: number };
  rejectedByReason: Record<string, number>;
  stages: Record<string, StageSummary>;
  durationMs: number | null;
  invariantHolds: boolean | null;
  /** Source updatedAt range and publish lags of the run's changes; null when unknown (see RunFreshness). */
  freshness: RunFreshness | null;
  error: string | null;
  /** Why the run failed (the dead-lettered job's stage, queue, batch and error, or `stalled`); null otherwise. */
  failure: { reason: string; stage: string | null; queue: string | null; batchId: string | null; error: string; at: string } | null;
}
