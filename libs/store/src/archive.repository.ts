import type { Collection, Db } from 'mongodb';
import type { RawReview } from '@reviewlens/contracts';
import { COLLECTIONS } from './mongo-connection';

export interface ArchivedReview {
  _id: string;
  raw: RawReview;
  updatedAt: string;
  lastRunId: string;
  lastBatchId: string;
  runIds: string[];
  firstArchivedAt: Date;
}

/** Archive key: the review id when the row has one, else a position key so malformed rows are kept too. */
export function archiveKey(row: RawReview, runId: string, batchId: string, index: number): string {
  const id = row.reviewId;
  if (typeof id === 'string' && id.trim() !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return `invalid:${runId}:${batchId}:${index}`;
}

/** Immutable raw copy of every extracted review, unique on review id. */
export class ArchiveRepository {
  private readonly col: Collection<ArchivedReview>;
  constructor(db: Db) { this.col = db.collection<ArchivedReview>(COLLECTIONS.rawReviews); }

  /** Upserts a batch; replaying the same batch changes nothing. Returns the number of distinct keys written. */
  async upsertBatch(runId: string, batchId: string, rows: RawReview[]): Promise<number> {
    if (rows.length === 0) return 0;
    const ops = rows.map((raw, i) => ({
      updateOne: {
        filter: { _id: archiveKey(raw, runId, batchId, i) },
        update: {
          $set: { raw, updatedAt: raw.updatedAt, lastRunId: runId, lastBatchId: batchId },
          $addToSet: { runIds: runId },
          $setOnInsert: { firstArchivedAt: new Date() },
        },
        upsert: true,
      },
    }));
    await this.col.bulkWrite(ops, { ordered: false });
    return new Set(ops.map((o) => o.updateOne.filter._id)).size;
  }

  async countForRun(runId: string): Promise<number> { return this.col.countDocuments({ runIds: runId }); }

  async findByRun(runId: string, afterId: string | null, limit: number): Promise<ArchivedReview[]> {
    const filter = afterId ? { runIds: runId, _id: { $gt: afterId } } : { runIds: runId };
    return this.col.find(filter).sort({ _id: 1 }).limit(limit).toArray();
  }
}
