import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './mongo-connection';
import type { Cursor, RunDoc } from './run.types';

const PUBLISH_CLAIM_TIMEOUT_MS = 5 * 60_000;

/** Run state. Every transition is a conditional update: no transactions needed (FerretDB has none). */
export class RunRepository {
  private readonly col: Collection<RunDoc>;
  constructor(db: Db) { this.col = db.collection<RunDoc>(COLLECTIONS.runs); }

  get(runId: string): Promise<RunDoc | null> { return this.col.findOne({ _id: runId }); }

  list(limit: number): Promise<RunDoc[]> { return this.col.find({}).sort({ createdAt: -1 }).limit(limit).toArray(); }

  /** A run that is neither published nor failed. */
  findActive(): Promise<RunDoc | null> {
    return this.col.findOne({ status: { $in: ['extracting', 'extracted', 'publishing'] } });
  }

  /** Creates the run if new; returns the stored run either way (so a duplicate trigger resumes, never restarts). */
  async createIfAbsent(init: Pick<RunDoc, '_id' | 'trigger' | 'full' | 'fromCursor' | 'upTo'>): Promise<{ run: RunDoc; created: boolean }> {
    const doc: RunDoc = {
      ...init, status: 'extracting', createdAt: new Date(), cursor: init.fromCursor, batchesPublished: 0,
      batchCount: null, extractedAt: null, publishClaim: null, publishedAt: null, snapshotId: null, error: null,
    };
    try {
      await this.col.insertOne(doc);
      return { run: doc, created: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const run = await this.get(init._id);
      if (!run) throw err;
      return { run, created: false };
    }
  }

  /** Records extraction progress after a batch was published downstream. Only moves forward. */
  async advance(runId: string, cursor: Cursor, batchesPublished: number): Promise<void> {
    await this.col.updateOne(
      { _id: runId, status: 'extracting', batchesPublished: { $lt: batchesPublished } },
      { $set: { cursor, batchesPublished } },
    );
  }

  async markExtracted(runId: string, batchCount: number): Promise<void> {
    await this.col.updateOne({ _id: runId, status: 'extracting' }, { $set: { status: 'extracted', batchCount, extractedAt: new Date() } });
  }

  /** Only one worker may publish a run; a crashed publisher's claim expires, and the same job may re-claim. */
  async claimPublish(runId: string, token: string): Promise<boolean> {
    const now = new Date();
    const res = await this.col.updateOne(
      {
        _id: runId,
        $or: [
          { status: 'extracted' },
          { status: 'publishing', 'publishClaim.token': token },
          { status: 'publishing', 'publishClaim.at': { $lt: new Date(now.getTime() - PUBLISH_CLAIM_TIMEOUT_MS) } },
        ],
      },
      { $set: { status: 'publishing', publishClaim: { token, at: now } } },
    );
    return res.modifiedCount === 1 || res.matchedCount === 1;
  }

  async markPublished(runId: string, snapshotId: string): Promise<void> {
    await this.col.updateOne({ _id: runId }, { $set: { status: 'published', publishedAt: new Date(), snapshotId } });
  }

  /** A replayed dead-letter batch reopens a published run so its snapshot is republished with the replayed rows. */
  async reopenForReplay(runId: string): Promise<void> {
    await this.col.updateOne({ _id: runId, status: 'published' }, { $set: { status: 'extracted', publishClaim: null } });
  }

  async markFailed(runId: string, error: string): Promise<void> {
    await this.col.updateOne({ _id: runId, status: { $ne: 'published' } }, { $set: { status: 'failed', error } });
  }
}
