import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './mongo-connection';
import { ACTIVE_RUN_STATUSES, type Cursor, type RunDoc, type RunFailure, type RunStatus } from './run.types';

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

  /** A run in flight: neither published, failed nor cancelled. */
  findActive(): Promise<RunDoc | null> {
    return this.col.findOne({ status: { $in: [...ACTIVE_RUN_STATUSES] } });
  }

  /** Creates the run if new; returns the stored run either way (so a duplicate trigger resumes, never restarts). */
  async createIfAbsent(init: Pick<RunDoc, '_id' | 'trigger' | 'full' | 'fromCursor' | 'upTo'> & Pick<Partial<RunDoc>, 'fromArchive'>): Promise<{ run: RunDoc; created: boolean }> {
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

  /**
   * Records extraction progress after a batch was published downstream. Only moves forward. Returns false when the
   * run is no longer extracting (cancelled or failed meanwhile): the extractor stops there.
   */
  async advance(runId: string, cursor: Cursor | null, batchesPublished: number): Promise<boolean> {
    // A run rebuilt from the archive has no source cursor (null): only its batch count moves.
    const res = await this.col.updateOne(
      { _id: runId, status: 'extracting', batchesPublished: { $lt: batchesPublished } },
      { $set: cursor ? { cursor, batchesPublished } : { batchesPublished } },
    );
    if (res.matchedCount > 0) return true;
    return (await this.get(runId))?.status === 'extracting';
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

  /** Extracted or publishing run → published. Returns false when the run was cancelled or failed meanwhile. */
  async markPublished(runId: string, snapshotId: string): Promise<boolean> {
    const res = await this.col.updateOne({ _id: runId, status: { $in: ['extracted', 'publishing'] } }, { $set: { status: 'published', publishedAt: new Date(), snapshotId } });
    await this.locks.deleteOne({ _id: publishLockId(runId) });
    return res.matchedCount > 0;
  }

  /** Whether the run is still `publishing` (not cancelled or failed while its snapshot was being built). */
  async stillPublishing(runId: string): Promise<boolean> {
    return (await this.get(runId))?.status === 'publishing';
  }

  /** A replayed dead-letter batch reopens a published run so its snapshot is republished with the replayed rows. */
  async reopenForReplay(runId: string): Promise<void> {
    await this.col.updateOne({ _id: runId, status: 'published' }, { $set: { status: 'extracted', publishClaim: null } });
  }

  /**
   * Fails an active run with the reason (a dead-lettered job, or `stalled`). Returns false when the run is unknown or
   * no longer active (already published, failed or cancelled): the first failure is the one recorded.
   */
  async markFailed(runId: string, failure: Omit<RunFailure, 'at'>): Promise<boolean> {
    const at = new Date();
    const where = [failure.stage, failure.batchId].filter(Boolean).join(' ');
    const error = `${failure.reason}${where ? ` at ${where}` : ''}: ${failure.error}`.slice(0, 2_000);
    const res = await this.col.updateOne(
      { _id: runId, status: { $in: [...ACTIVE_RUN_STATUSES] } },
      { $set: { status: 'failed', error, failure: { ...failure, error: failure.error.slice(0, 2_000), at } } },
    );
    if (res.modifiedCount > 0) await this.locks.deleteOne({ _id: publishLockId(runId) });
    return res.modifiedCount > 0;
  }

  /** Cancels an active run. Returns the run's status before the call (null when unknown). */
  async cancel(runId: string): Promise<RunStatus | null> {
    const run = await this.get(runId);
    if (!run) return null;
    if (!ACTIVE_RUN_STATUSES.includes(run.status)) return run.status;
    const res = await this.col.updateOne(
      { _id: runId, status: { $in: [...ACTIVE_RUN_STATUSES] } },
      { $set: { status: 'cancelled', cancelledAt: new Date(), error: 'cancelled' } },
    );
    if (res.modifiedCount > 0) await this.locks.deleteOne({ _id: publishLockId(runId) });
    return res.modifiedCount > 0 ? run.status : ((await this.get(runId))?.status ?? null);
  }

  /**
   * Puts a failed run back in flight, for a dead-letter replay of its failed job: `extracted` when its extraction had
   * ended, else `extracting`. Refused (false) unless the run failed, no other run is active, and no later run was
   * created (a later run may have moved the watermark past it: replaying the old run would move it back).
   */
  async resumeFailed(runId: string): Promise<boolean> {
    const run = await this.get(runId);
    if (!run || run.status !== 'failed') return false;
    if (await this.findActive()) return false;
    if ((await this.col.countDocuments({ createdAt: { $gt: run.createdAt } })) > 0) return false;
    const status: RunStatus = run.batchCount !== null ? 'extracted' : 'extracting';
    const res = await this.col.updateOne({ _id: runId, status: 'failed' }, { $set: { status, error: null, failure: null, publishClaim: null } });
    return res.modifiedCount > 0;
  }
}
