import type { Db } from 'mongodb';
import { COLLECTIONS } from './mongo-connection';

/** Secondary indexes (the unique review-id key is the archive's `_id`). Safe to call at every start. */
export async function ensureIndexes(db: Db): Promise<void> {
  const archive = db.collection(COLLECTIONS.archiveSegments);
  await archive.createIndex({ runId: 1, batchId: 1 });
  await archive.createIndex({ reviewIds: 1, extractedAt: -1 });
  await archive.createIndex({ userHashes: 1 });
  await db.collection(COLLECTIONS.runBatches).createIndex({ runId: 1, stage: 1 });
  await db.collection(COLLECTIONS.runs).createIndex({ status: 1 });
  await db.collection(COLLECTIONS.rejects).createIndex({ runId: 1, reason: 1 });
  await db.collection(COLLECTIONS.rejects).createIndex({ productId: 1 });
  await db.collection(COLLECTIONS.rejects).createIndex({ at: -1 });
  await db.collection(COLLECTIONS.runs).createIndex({ createdAt: -1 });
}
