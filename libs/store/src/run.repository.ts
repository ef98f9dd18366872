import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './mongo-connection';
import type { Cursor, RunDoc } from './run.types';

const PUBLISH_CLAIM_TIMEOUT_MS = 5 * 60_000;

interface LockDoc { _id: string; token: string; at: Date }

const publishLockId = (runId: string): string => `publish|${runId}`;

/** Run state. Every transition is a conditional update: no transactions needed (FerretDB has none). */
export class RunRepository {
  private readonly col: Collection<RunDoc>;
  private readonly locks: Collection<LockDoc>;
  constructor(db: Db) {
    this.col = db.collection<RunDoc>(COLLECTIONS.runs);
    this.locks = db.collection<LockDoc>(COLLECTIONS.locks);
  }

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

  /**
   * Only one worker may publish a run. The claim is a lock document whose unique `_id` insert succeeds once: a
   * conditional update is not enough, because FerretDB runs it as a read then a write, so two racing workers can
   * both match. The job that holds the claim may re-claim it (a stalled job retried), and a crashed holder's claim
   * expires.
   */
  async claimPublish(runId: string, token: string, retried = false): Promise<boolean> {
    const run = await this.get(runId);
    if (!run || (run.status !== 'extracted' && run.status !== 'publishing')) return false;
    const lockId = publishLockId(runId);
    const now = new Date();
    try {
      await this.locks.insertOne({ _id: lockId, token, at: now });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const lock = await this.locks.findOne({ _id: lockId });
      if (!lock) return retried ? false : this.claimPublish(runId, token, true);
      if (lock.token !== token) {
        if (retried || lock.at.getTime() > now.getTime() - PUBLISH_CLAIM_TIMEOUT_MS) return false;
        await this.locks.deleteOne({ _id: lockId, token: lock.token });
        return this.claimPublish(runId, token, true);
      }
    }
    await this.col.updateOne({ _id: runId, status: { $in: ['extracted', 'publishing'] } }, { $set: { status: 'publishing', publishClaim: { token, at: now } } });
    return true;
  }

  async markPublished(runId: string, snapshotId: string): Promise<void> {
    await this.col.updateOne({ _id: runId }, { $set: { status: 'published', publishedAt: new Date(), snapshotId } });
    await this.locks.deleteOne({ _id: publishLockId(runId) });
  }

  /** A replayed dead-letter batch reopens a published run so its snapshot is republished with the replayed rows. */
  async reopenForReplay(runId: string): Promise<void> {
    await this.col.updateOne({ _id: runId, status: 'published' }, { $set: { status: 'extracted', publishClaim: null } });
  }

  async markFailed(runId: string, error: string): Promise<void> {
    await this.col.updateOne({ _id: runId, status: { $ne: 'published' } }, { $set: { status: 'failed', error } });
  }
}
