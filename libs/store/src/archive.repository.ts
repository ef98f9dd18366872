import type { Collection, Db } from 'mongodb';
import type { RawReview } from '@reviewlens/contracts';
import { duplicateKeyIndexes } from './duplicate-key';
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

const UPDATE_CHUNK = 10;

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

  /**
   * Upserts a batch; replaying the same batch changes nothing. Returns the number of distinct keys written.
   * Fast path first: one unordered insert of the batch (FerretDB runs an upsert as several SQLite statements, about
   * 40 ms each; an insert of 50 documents takes about as long as one upsert). Keys that already exist (a retried or
   * replayed batch, a review updated since an earlier run) fail that insert with a duplicate-key error and are then
   * upserted one by one. Within a batch the last row of a key wins, as with sequential upserts.
   */
  async upsertBatch(runId: string, batchId: string, rows: RawReview[]): Promise<number> {
    if (rows.length === 0) return 0;
    const byKey = new Map<string, RawReview>();
    rows.forEach((raw, i) => byKey.set(archiveKey(raw, runId, batchId, i), raw));
    const now = new Date();
    const docs: ArchivedReview[] = [...byKey].map(([_id, raw]) => ({
      _id, raw, updatedAt: raw.updatedAt, lastRunId: runId, lastBatchId: batchId, runIds: [runId], firstArchivedAt: now,
    }));
    let existing: ArchivedReview[] = [];
    try {
      await this.col.insertMany(docs, { ordered: false });
    } catch (err) {
      const failed = duplicateKeyIndexes(err);
      if (failed === null) throw err;
      existing = failed.map((i) => docs[i]!);
    }
    // Small update commands: FerretDB holds a pooled SQLite connection per statement of a command while it runs.
    for (let i = 0; i < existing.length; i += UPDATE_CHUNK) {
      await this.col.bulkWrite(existing.slice(i, i + UPDATE_CHUNK).map((d) => ({
        updateOne: {
          filter: { _id: d._id },
          update: {
            $set: { raw: d.raw, updatedAt: d.updatedAt, lastRunId: runId, lastBatchId: batchId },
            $addToSet: { runIds: runId },
            $setOnInsert: { firstArchivedAt: now },
          },
          upsert: true,
        },
      })), { ordered: false });
    }
    return byKey.size;
  }

  async countForRun(runId: string): Promise<number> { return this.col.countDocuments({ runIds: runId }); }

  async findByRun(runId: string, afterId: string | null, limit: number): Promise<ArchivedReview[]> {
    const filter = afterId ? { runIds: runId, _id: { $gt: afterId } } : { runIds: runId };
    return this.col.find(filter).sort({ _id: 1 }).limit(limit).toArray();
  }
}
