import type { Collection, Db } from 'mongodb';
import type { Stage } from '@reviewlens/contracts';
import { COLLECTIONS } from './mongo-connection';
import type { RunBatchDoc } from './run.types';

export interface BatchRecord {
  runId: string;
  stage: Stage;
  batchId: string;
  count: number;
  rejected?: number;
  rejectedByReason?: Record<string, number>;
  durationMs: number;
  attempts: number;
  replay?: boolean;
  /** sha256 of the Parquet part the batch wrote, checked by snapshot readers. */
  checksum?: string;
  /** Extractor batches: oldest and newest source `updatedAt` of the batch's rows (source text, ISO 8601 UTC, µs). */
  sourceUpdatedAtMin?: string;
  sourceUpdatedAtMax?: string;
}

export function runBatchKey(runId: string, stage: Stage, batchId: string): string {
  return `${runId}|${stage}|${batchId}`;
}

/** Per-batch accounting: one record per run, stage and batch (an insert; a retry replaces it). */
export class RunBatchRepository {
  private readonly col: Collection<RunBatchDoc>;
  constructor(db: Db) { this.col = db.collection<RunBatchDoc>(COLLECTIONS.runBatches); }

  async record(r: BatchRecord): Promise<void> {
    const doc: RunBatchDoc = {
      _id: runBatchKey(r.runId, r.stage, r.batchId), runId: r.runId, stage: r.stage, batchId: r.batchId,
      replay: r.replay ?? r.batchId.startsWith('replay-'), count: r.count, rejected: r.rejected ?? 0, rejectedByReason: r.rejectedByReason ?? {},
      durationMs: r.durationMs, attempts: r.attempts, at: new Date(), checksum: r.checksum ?? null,
      ...(r.sourceUpdatedAtMin !== undefined ? { sourceUpdatedAtMin: r.sourceUpdatedAtMin } : {}),
      ...(r.sourceUpdatedAtMax !== undefined ? { sourceUpdatedAtMax: r.sourceUpdatedAtMax } : {}),
    };
    // Insert first: FerretDB runs an upsert as several statements (about 40 ms); a retried batch replaces its record.
    try {
      await this.col.insertOne(doc);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 11000) throw err;
      await this.col.replaceOne({ _id: doc._id }, doc, { upsert: true });
    }
  }

  /** Batches of the run's extraction (not replays) that a stage has finished. */
  countDone(runId: string, stage: Stage): Promise<number> {
    return this.col.countDocuments({ runId, stage, replay: false });
  }

  forRun(runId: string): Promise<RunBatchDoc[]> { return this.col.find({ runId }).toArray(); }

  /** When any stage last finished a batch of the run (null before the first). */
  async lastAt(runId: string): Promise<Date | null> {
    const [last] = await this.col.find({ runId }, { projection: { at: 1 } }).sort({ at: -1 }).limit(1).toArray();
    return last?.at ?? null;
  }
}
