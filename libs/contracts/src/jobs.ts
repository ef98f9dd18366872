import { z } from 'zod';
import { ClassifiedReviewSchema, CleanedReviewSchema, ProductInfoSchema, RawReviewSchema } from './rows';
import { STAGES } from './queues';

const RunId = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'run id: 1-80 chars of [A-Za-z0-9_.-]');
/** Batch ids are strings: extractor batches are zero-padded numbers, replays get their own ids. */
const BatchId = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/);

/**
 * What started a run: `api` (POST /runs), `cli` (pipeline:run), `schedule` (the daily cron), `continuous` (the
 * continuous-mode poll, CONTINUOUS_POLL_MS: a run only when the source has rows after the watermark), `test`.
 */
export const RUN_TRIGGERS = ['api', 'cli', 'schedule', 'continuous', 'test'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * extract queue: start (or resume) a run. A scheduled or continuous trigger has no runId; the extractor creates one
 * (a continuous poll only when the source has something new).
 */
export const ExtractJobSchema = z.object({
  runId: RunId.optional(),
  trigger: z.enum(RUN_TRIGGERS).default('api'),
  /** Full re-extraction ignores the watermark. */
  full: z.boolean().default(false),
  /**
   * Rebuild from the MongoDB archive instead of PostgreSQL: the rows of run `fromArchive`'s archive segments (each
   * review's latest archived version only) go through cleaning, classification and publishing again as a new run. The
   * source is not read and the watermark does not move (a new model or themes version, a lost lake).
   */
  fromArchive: RunId.optional(),
});
export type ExtractJob = z.infer<typeof ExtractJobSchema>;

/** archive and clean queues: one extracted batch. */
export const ExtractedBatchSchema = z.object({
  runId: RunId,
  batchId: BatchId,
  extractedAt: z.string(),
  rows: z.array(RawReviewSchema),
  products: z.record(ProductInfoSchema),
});
export type ExtractedBatch = z.infer<typeof ExtractedBatchSchema>;

/** classify queue: cleaned rows of one batch (possibly empty, so the batch still reaches the loader). */
export const CleanedBatchSchema = z.object({
  runId: RunId,
  batchId: BatchId,
  /** Reference time of the batch (its extraction): relevance's recency is computed against it, so a retry scores the same. */
  extractedAt: z.string(),
  rows: z.array(CleanedReviewSchema),
});
export type CleanedBatch = z.infer<typeof CleanedBatchSchema>;

/** load queue: a classified batch, or a request to publish the run's snapshot when complete. */
export const LoadJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), runId: RunId, batchId: BatchId, rows: z.array(ClassifiedReviewSchema) }),
  z.object({ kind: z.literal('finalize'), runId: RunId }),
]);
export type LoadJob = z.infer<typeof LoadJobSchema>;

/** dead-letter queue entry: parked for ops; replayed onto `queue` with `payload`. */
export const DeadLetterEntrySchema = z.object({
  stage: z.enum(STAGES),
  queue: z.string(),
  reason: z.string(),
  error: z.string().nullable(),
  runId: z.string().nullable(),
  batchId: z.string().nullable(),
  /** The original payload (whole job data, or the single rejected row). */
  payload: z.unknown(),
  failedAt: z.string(),
  attemptsMade: z.number().int().nonnegative(),
  /** For a rejected row: what a replay needs besides the row (its product's metadata). */
  context: z.object({ products: z.record(ProductInfoSchema).optional() }).optional(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntrySchema>;

/** Deterministic job ids make re-publishing the same batch a no-op while the job is retained. */
export const jobIds = {
  extract: (runId: string) => `run.${runId}`,
  batch: (runId: string, batchId: string) => `${runId}.${batchId}`,
  finalize: (runId: string, tag: string) => `finalize.${runId}.${tag}`,
};
