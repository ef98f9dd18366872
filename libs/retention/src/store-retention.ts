import type { Db } from 'mongodb';
import { ACTIVE_RUN_STATUSES, COLLECTIONS } from '@reviewlens/store';

const CHUNK = 500;
/** The queryable rejects store (libs/store RejectRepository): one document per rejected row, dated by `at`. */
const REJECTS_COLLECTION = 'rejects';

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Runs whose data must stay whatever their age: the runs in flight (extracting, extracted, publishing), and the newest
 * run when it failed (a dead-letter replay can still resume it, RunRepository.resumeFailed).
 */
export async function protectedRunIds(db: Db): Promise<Set<string>> {
  const runs = db.collection<{ _id: string; status: string; createdAt: Date }>(COLLECTIONS.runs);
  const out = new Set<string>();
  for (const r of await runs.find({ status: { $in: [...ACTIVE_RUN_STATUSES] } }, { projection: { _id: 1 } }).toArray()) out.add(r._id);
  const [newest] = await runs.find({}, { projection: { _id: 1, status: 1 } }).sort({ createdAt: -1 }).limit(1).toArray();
  if (newest?.status === 'failed') out.add(newest._id);
  return out;
}

/** `createdAt` of every run that still has a run document. */
export async function runCreatedAt(db: Db): Promise<Map<string, Date>> {
  const runs = db.collection<{ _id: string; createdAt: Date }>(COLLECTIONS.runs);
  const out = new Map<string, Date>();
  for await (const r of runs.find({}, { projection: { _id: 1, createdAt: 1 } })) out.set(r._id, r.createdAt);
  return out;
}

export interface RunBookkeepingPlan {
  /** Run documents to delete. */
  runs: string[];
  /** run_batches documents to delete: those of the runs above, and old ones whose run document is gone. */
  runBatches: string[];
  /** Every run id whose bookkeeping goes (for its Redis claims). */
  runIds: string[];
}

/**
 * Run bookkeeping older than the cutoff: finished runs (published, failed, cancelled) created before it and their
 * run_batches, plus run_batches recorded before it whose run document no longer exists. Never a protected run or one
 * a kept snapshot references. Reads only.
 */
export async function planRunBookkeeping(db: Db, input: { cutoff: Date; keepRuns: ReadonlySet<string> }): Promise<RunBookkeepingPlan> {
  const runs = db.collection<{ _id: string }>(COLLECTIONS.runs);
  const batches = db.collection<{ _id: string; runId: string }>(COLLECTIONS.runBatches);
  const old = await runs.find({ createdAt: { $lt: input.cutoff }, status: { $nin: [...ACTIVE_RUN_STATUSES] } }, { projection: { _id: 1 } }).toArray();
  const runIds = old.map((r) => r._id).filter((id) => !input.keepRuns.has(id));
  const runBatches: string[] = [];
  for (const chunk of chunks(runIds)) {
    for (const b of await batches.find({ runId: { $in: chunk } }, { projection: { _id: 1 } }).toArray()) runBatches.push(b._id);
  }
  // Records of runs whose document is already gone (purged earlier, or written by hand).
  const orphans = new Map<string, string[]>();
  const purged = new Set(runIds);
  for await (const b of batches.find({ at: { $lt: input.cutoff } }, { projection: { _id: 1, runId: 1 } })) {
    if (purged.has(b.runId) || input.keepRuns.has(b.runId)) continue;
    const list = orphans.get(b.runId);
    if (list) list.push(b._id); else orphans.set(b.runId, [b._id]);
  }
  const orphanRuns = [...orphans.keys()];
  const existing = new Set<string>();
  for (const chunk of chunks(orphanRuns)) for (const r of await runs.find({ _id: { $in: chunk } }, { projection: { _id: 1 } }).toArray()) existing.add(r._id);
  const gone = orphanRuns.filter((id) => !existing.has(id));
  for (const id of gone) runBatches.push(...orphans.get(id)!);
  return { runs: runIds, runBatches, runIds: [...runIds, ...gone] };
}

/** Rejected rows recorded before the cutoff (the rejects store's `_id`s). */
export async function planRejects(db: Db, cutoff: Date): Promise<string[]> {
  const col = db.collection<{ _id: string }>(REJECTS_COLLECTION);
  return (await col.find({ at: { $lt: cutoff } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
}

/** Deletes documents by `_id`, in chunks; returns how many were deleted. */
export async function deleteByIds(db: Db, collection: 'runs' | 'run_batches' | 'rejects', ids: readonly string[]): Promise<number> {
  const name = collection === 'runs' ? COLLECTIONS.runs : collection === 'run_batches' ? COLLECTIONS.runBatches : REJECTS_COLLECTION;
  const col = db.collection<{ _id: string }>(name);
  let n = 0;
  for (const chunk of chunks(ids)) n += (await col.deleteMany({ _id: { $in: chunk } })).deletedCount;
  return n;
}
