import type { Collection, Db } from 'mongodb';
import { duplicateKeyIndexes } from './duplicate-key';
import { COLLECTIONS } from './mongo-connection';

export interface RunReviewIdDoc {
  /** `<runId>|<reviewId>`: one holder per review id and run. */
  _id: string;
  runId: string;
  reviewId: string;
  batchId: string;
  at: Date;
}

const CLAIM_CHUNK = 1_000;
/** How long a run's claims are kept: dead-letter replays of the run still need them. */
export const RUN_REVIEW_ID_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * The cleaned review ids of each run, held by the first batch that accepted them. Two source rows whose ids only become
 * equal after normalisation (`' R1'` and `'R1'`) can land in different batches, which the cleaner sees one at a time:
 * the claim tells the second batch that the id is taken. A unique `_id` insert is the claim (atomic on MongoDB and
 * FerretDB), so concurrent cleaner replicas agree on one holder, and a retried batch finds its own claims again.
 */
export class RunReviewIdRepository {
  private readonly col: Collection<RunReviewIdDoc>;
  constructor(db: Db) { this.col = db.collection<RunReviewIdDoc>(COLLECTIONS.runReviewIds); }

  /** Claims the ids for the batch and returns those another batch of the run holds already. */
  async claim(runId: string, batchId: string, reviewIds: readonly string[]): Promise<Set<string>> {
    const at = new Date();
    const docs = [...new Set(reviewIds)].map((reviewId): RunReviewIdDoc => ({ _id: `${runId}|${reviewId}`, runId, reviewId, batchId, at }));
    const refused: string[] = [];
    for (let i = 0; i < docs.length; i += CLAIM_CHUNK) {
      const chunk = docs.slice(i, i + CLAIM_CHUNK);
      try {
        await this.col.insertMany(chunk, { ordered: false });
      } catch (err) {
        const failed = duplicateKeyIndexes(err);
        if (failed === null) throw err;
        refused.push(...failed.map((j) => chunk[j]!._id));
      }
    }
    if (refused.length === 0) return new Set();
    const holders = await this.col.find({ _id: { $in: refused } }).toArray();
    return new Set(holders.filter((h) => h.batchId !== batchId).map((h) => h.reviewId));
  }

  /** Drops the claims taken before `cutoff` (MongoDB could use a TTL index; FerretDB 1.24 has none). */
  async forgetBefore(cutoff: Date): Promise<number> {
    return (await this.col.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }
}
