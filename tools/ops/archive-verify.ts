import type { Db } from 'mongodb';
import { COLLECTIONS, decodeSegmentRows, ensureIndexes, type ArchiveSegment, type RunBatchDoc, type RunDoc } from '@reviewlens/store';
import { fail, ok, warn, type Finding } from './findings';

/** The indexes `ensureIndexes` creates, by collection (read by running it against a recorder: one source of truth). */
export async function expectedIndexes(): Promise<{ collection: string; key: Record<string, unknown> }[]> {
  const out: { collection: string; key: Record<string, unknown> }[] = [];
  const recorder = {
    collection: (collection: string) => ({
      createIndex: async (key: Record<string, unknown>) => { out.push({ collection, key }); return ''; },
    }),
  };
  await ensureIndexes(recorder as unknown as Db);
  return out;
}

async function checkIndexes(db: Db): Promise<Finding[]> {
  const findings: Finding[] = [];
  const present = new Map<string, Set<string>>();
  for (const { collection, key } of await expectedIndexes()) {
    if (!present.has(collection)) {
      const keys = await db.collection(collection).listIndexes().toArray().catch(() => [] as { key: unknown }[]);
      present.set(collection, new Set(keys.map((i) => JSON.stringify(i.key))));
    }
    const target = `${collection} ${JSON.stringify(key)}`;
    findings.push(present.get(collection)!.has(JSON.stringify(key)) ? ok('index', target) : fail('index', target, 'missing (ensureIndexes runs at every service start)'));
  }
  return findings;
}

export interface ArchiveVerifyOptions {
  runId?: string;
  onStart?: (total: number) => void;
  onSegment?: (done: number) => void;
}

interface RunSegments { batches: Map<string, number> }

/**
 * The seeds' monthly integrity check on the MongoDB archive (ADR 0005): every segment decodes and its sha256 and
 * rowCount hold (decodeSegmentRows), its hoisted reviewIds match its rows, duplicate ids within a segment (a warning:
 * ids equal only after normalisation can share a batch; the cleaner curates one); per run, the segments against the
 * archiver's run_batches records (one segment per archived batch, same row count) and against the run (a published
 * run has a segment for each of its batchCount batches); the indexes ensureIndexes creates exist. Runs whose
 * bookkeeping retention already purged are reported, not failed (the archive outlives it). Reads only.
 */
export async function verifyArchive(db: Db, opts: ArchiveVerifyOptions = {}): Promise<Finding[]> {
  const findings = await checkIndexes(db);
  const segments = db.collection<ArchiveSegment>(COLLECTIONS.archiveSegments);
  const filter = opts.runId ? { runId: opts.runId } : {};
  opts.onStart?.(await segments.countDocuments(filter));
  const byRun = new Map<string, RunSegments>();
  let done = 0;
  let duplicateSegments = 0;
  let good = 0;
  for await (const s of segments.find(filter).batchSize(50)) {
    done += 1;
    const run = byRun.get(s.runId) ?? { batches: new Map<string, number>() };
    byRun.set(s.runId, run);
    run.batches.set(s.batchId, s.rowCount);
    try {
      await decodeSegmentRows(s);
      if (s.reviewIds.length !== s.rowCount) findings.push(fail('segment', s._id, `${s.reviewIds.length} reviewIds for ${s.rowCount} rows`));
      else good += 1;
      const dups = s.reviewIds.length - new Set(s.reviewIds).size;
      if (dups > 0) {
        duplicateSegments += 1;
        findings.push(warn('duplicate ids', s._id, `${dups} id(s) twice in the segment (equal after normalisation; the cleaner curates one)`));
      }
    } catch (err) {
      findings.push(fail('segment', s._id, (err as Error).message));
    }
    opts.onSegment?.(done);
  }
  findings.push(ok('segments', `${good} of ${done}`, 'decode, sha256 and rowCount hold'));
  if (duplicateSegments === 0) findings.push(ok('duplicate ids', `${done} segments`, 'none within a segment'));

  const runs = db.collection<RunDoc>(COLLECTIONS.runs);
  const batches = db.collection<RunBatchDoc>(COLLECTIONS.runBatches);
  const runDocs = await runs.find(opts.runId ? { _id: opts.runId } : {}).toArray();
  const archiverRecords = new Map<string, Map<string, number>>();
  for await (const b of batches.find({ stage: 'archiver', replay: false, ...(opts.runId ? { runId: opts.runId } : {}) }, { projection: { runId: 1, batchId: 1, count: 1 } })) {
    const m = archiverRecords.get(b.runId) ?? new Map<string, number>();
    archiverRecords.set(b.runId, m);
    m.set(b.batchId, b.count);
  }
  const docs = new Map(runDocs.map((r) => [r._id, r]));
  let purged = 0;
  for (const runId of new Set([...byRun.keys(), ...docs.keys()])) {
    const run = docs.get(runId);
    const segs = byRun.get(runId)?.batches ?? new Map<string, number>();
    const records = archiverRecords.get(runId) ?? new Map<string, number>();
    if (!run && records.size === 0) { purged += 1; continue; }
    const problems: string[] = [];
    const warnings: string[] = [];
    for (const [batchId, count] of records) {
      const rows = segs.get(batchId);
      if (rows === undefined) problems.push(`archiver recorded ${batchId} but it has no segment`);
      else if (rows !== count) problems.push(`${batchId}: segment holds ${rows} rows, archiver recorded ${count}`);
    }
    for (const batchId of segs.keys()) if (!records.has(batchId)) warnings.push(`segment ${batchId} has no archiver record`);
    if (run?.status === 'published' && run.batchCount !== null && segs.size < run.batchCount) {
      problems.push(`published with ${run.batchCount} batches, ${segs.size} segments`);
    }
    const rows = [...segs.values()].reduce((n, r) => n + r, 0);
    const summary = `${run?.status ?? 'no run document'}: ${segs.size} segments, ${rows} rows, ${records.size} archiver records`;
    if (problems.length > 0) findings.push(fail('run counts', runId, `${summary}; ${problems.join('; ')}`));
    else if (warnings.length > 0) findings.push(warn('run counts', runId, `${summary}; ${warnings.join('; ')}`));
    else findings.push(ok('run counts', runId, summary));
  }
  if (purged > 0) findings.push(ok('runs without bookkeeping', `${purged} run(s)`, 'segments kept, run bookkeeping purged by retention'));
  return findings;
}
