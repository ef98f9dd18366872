import {
  LATEST_MANIFEST_KEY, SnapshotManifestSchema, readLatestSnapshot, type LakeRepository, type SnapshotManifest,
} from '@reviewlens/datalake';
import { listLakeObjects, mapLimit, type LakeObject } from './lake-objects';

const ID = '([A-Za-z0-9_.-]{1,80})';
const RUN_MANIFEST = new RegExp(`^curated/run=${ID}/_manifest\\.json$`);
const CURATED_RUN_PART = new RegExp(`^curated/run=${ID}/[^/]+\\.parquet$`);
const COMPACT_PART = new RegExp(`^curated/compact/snapshot=${ID}/[^/]+\\.parquet$`);
const ZONE_PART = new RegExp(`^(cleaned|rejects)/run=${ID}/`);
const READ_CONCURRENCY = 8;

/**
 * The run that owns a lake key: `curated/run=<id>/…`, `cleaned/run=<id>/…`, `rejects/run=<id>/…`, and for a compacted
 * part `curated/compact/snapshot=<id>/…` the run whose publish compacted it (a snapshot id is its run id). Null otherwise.
 */
export function runOfLakeKey(key: string): string | null {
  return RUN_MANIFEST.exec(key)?.[1] ?? CURATED_RUN_PART.exec(key)?.[1] ?? COMPACT_PART.exec(key)?.[1] ?? ZONE_PART.exec(key)?.[2] ?? null;
}

/** Why a snapshot is kept: the one served (`curated/_latest.json`), one of the newest SNAPSHOT_KEEP, or the api's pin. */
export type KeptBecause = 'latest' | 'recent' | 'pinned';

export interface KeptSnapshot { runId: string; snapshotId: string; createdAt: string; parts: number; because: KeptBecause[] }

export interface SnapshotRetentionInput {
  /** Newest published snapshots kept for rollback (by manifest `createdAt`). */
  keep: number;
  /** The run the api is pinned to (`PUT /v1/snapshots/pin`), if any. */
  pinnedRunId: string | null;
  /** Runs whose curated objects are never touched (in flight, or a failed run that can still resume). */
  protectedRuns: ReadonlySet<string>;
  /** Unreferenced parts younger than this stay (written by a publish or compaction not yet visible). */
  graceMs: number;
  now: Date;
}

export interface SnapshotRetentionPlan {
  kept: KeptSnapshot[];
  /** Every part key a kept snapshot lists: never deleted. */
  referencedParts: Set<string>;
  /** Runs a kept snapshot needs: each kept snapshot's run and the run of every part it lists. */
  referencedRuns: Set<string>;
  /** Run manifests of snapshots no longer kept (deleted). */
  manifests: string[];
  /** Curated parts (`curated/run=…` and `curated/compact/…`) no kept snapshot lists (deleted). */
  curatedParts: string[];
  /** Run manifests that do not parse: left in place, reported. */
  unreadableManifests: string[];
  /** Something an operator should know (e.g. the pin names a run without a manifest). */
  notes: string[];
}

/**
 * Which curated objects a rollback to any of the kept snapshots needs, and what else can go. Kept: the served
 * snapshot, the `keep` newest run manifests and the pinned run's manifest, with every part any of them lists (merge on
 * read: a newer manifest lists parts of older runs; compacted parts live under `curated/compact/`). Deleted: manifests
 * of other snapshots and parts no kept manifest lists, unless their run is protected or the part is younger than the
 * grace. `curated/_latest.json`, `curated/README.txt` and unknown keys are never touched. Reads only; deletes nothing.
 * @throws LakeError when `curated/_latest.json` exists but is not a valid manifest (nothing can be judged safely).
 */
export async function planSnapshotRetention(lake: LakeRepository, input: SnapshotRetentionInput): Promise<SnapshotRetentionPlan> {
  const objects = await listLakeObjects(lake, 'curated/');
  const latest = await readLatestSnapshot(lake);
  const manifestObjects = objects.filter((o) => RUN_MANIFEST.test(o.key));
  const unreadableManifests: string[] = [];
  const manifests = (await mapLimit(manifestObjects, READ_CONCURRENCY, async (o) => {
    const parsed = SnapshotManifestSchema.safeParse(await lake.getJson(o.key).catch(() => undefined));
    if (!parsed.success) { unreadableManifests.push(o.key); return null; }
    return { key: o.key, runId: RUN_MANIFEST.exec(o.key)![1]!, manifest: parsed.data };
  })).filter((m): m is { key: string; runId: string; manifest: SnapshotManifest } => m !== null);
  manifests.sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? 1 : a.manifest.createdAt > b.manifest.createdAt ? -1 : a.runId < b.runId ? 1 : -1));

  const kept = new Map<string, { manifest: SnapshotManifest; because: Set<KeptBecause> }>();
  const keepOne = (runId: string, manifest: SnapshotManifest, because: KeptBecause): void => {
    const entry = kept.get(runId) ?? { manifest, because: new Set<KeptBecause>() };
    entry.because.add(because);
    kept.set(runId, entry);
  };
  const notes: string[] = [];
  const referencedParts = new Set<string>();
  if (latest) {
    keepOne(latest.runId, latest, 'latest');
    for (const p of latest.parts) referencedParts.add(p.key);
  }
  for (const m of manifests.slice(0, input.keep)) keepOne(m.runId, m.manifest, 'recent');
  if (input.pinnedRunId) {
    const pinned = manifests.find((m) => m.runId === input.pinnedRunId);
    if (pinned) keepOne(pinned.runId, pinned.manifest, 'pinned');
    else notes.push(`the api is pinned to run ${input.pinnedRunId}, which has no readable snapshot manifest`);
  }
  // A run manifest is what a rollback reads: the kept runs' own manifests list what they need, even if _latest.json
  // (same run) differs after a republish.
  for (const m of manifests) if (kept.has(m.runId)) for (const p of m.manifest.parts) referencedParts.add(p.key);
  for (const { manifest } of kept.values()) for (const p of manifest.parts) referencedParts.add(p.key);
  const referencedRuns = new Set<string>(kept.keys());
  for (const key of referencedParts) { const run = runOfLakeKey(key); if (run) referencedRuns.add(run); }

  const unreadable = new Set(unreadableManifests);
  const old = (o: LakeObject): boolean => input.now.getTime() - o.lastModified.getTime() >= input.graceMs;
  const toDelete = { manifests: [] as string[], curatedParts: [] as string[] };
  for (const o of objects) {
    if (o.key === LATEST_MANIFEST_KEY) continue;
    const manifestRun = RUN_MANIFEST.exec(o.key)?.[1];
    if (manifestRun !== undefined) {
      if (!kept.has(manifestRun) && !unreadable.has(o.key) && !input.protectedRuns.has(manifestRun)) toDelete.manifests.push(o.key);
      continue;
    }
    if (!CURATED_RUN_PART.test(o.key) && !COMPACT_PART.test(o.key)) continue;
    if (referencedParts.has(o.key)) continue;
    const run = runOfLakeKey(o.key);
    if (run !== null && input.protectedRuns.has(run)) continue;
    if (!old(o)) continue;
    toDelete.curatedParts.push(o.key);
  }
  return {
    kept: [...kept.entries()].map(([runId, { manifest, because }]) => ({
      runId, snapshotId: manifest.snapshotId, createdAt: manifest.createdAt, parts: manifest.parts.length, because: [...because],
    })),
    referencedParts, referencedRuns, ...toDelete, unreadableManifests, notes,
  };
}

export interface ZoneRetentionInput {
  cutoff: Date;
  /** `createdAt` of the runs that still have bookkeeping, by run id. */
  runCreatedAt: ReadonlyMap<string, Date>;
  protectedRuns: ReadonlySet<string>;
}

/**
 * The `cleaned/` and `rejects/` parts of runs older than the cutoff: a run's age is its `createdAt` when its
 * bookkeeping is still there, else the newest of its objects in that zone. A run goes whole or not at all.
 */
export async function planZoneRetention(lake: LakeRepository, input: ZoneRetentionInput): Promise<{ cleaned: string[]; rejects: string[] }> {
  const out = { cleaned: [] as string[], rejects: [] as string[] };
  for (const zone of ['cleaned', 'rejects'] as const) {
    const byRun = new Map<string, LakeObject[]>();
    for (const o of await listLakeObjects(lake, `${zone}/`)) {
      const run = ZONE_PART.exec(o.key)?.[2];
      if (run === undefined) continue;
      const list = byRun.get(run);
      if (list) list.push(o); else byRun.set(run, [o]);
    }
    for (const [run, objects] of byRun) {
      if (input.protectedRuns.has(run)) continue;
      const at = input.runCreatedAt.get(run) ?? new Date(Math.max(...objects.map((o) => o.lastModified.getTime())));
      if (at.getTime() < input.cutoff.getTime()) out[zone].push(...objects.map((o) => o.key));
    }
  }
  return out;
}
