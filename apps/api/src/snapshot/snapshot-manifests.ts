import { LakeError, SnapshotManifestSchema, readLatestSnapshot, runManifestKey, type LakeRepository, type SnapshotManifest } from '@reviewlens/datalake';

const RUN_MANIFEST = /^curated\/run=([A-Za-z0-9_.-]{1,80})\/_manifest\.json$/;

/** The manifest of one run's snapshot, or null when the run published none. Throws if it is not a valid manifest. */
export async function readRunManifest(lake: LakeRepository, runId: string): Promise<SnapshotManifest | null> {
  const json = await lake.getJson(runManifestKey(runId));
  if (json === null) return null;
  const parsed = SnapshotManifestSchema.safeParse(json);
  if (!parsed.success) throw new LakeError(`manifest of run ${runId} is not valid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The wanted snapshot: the pinned run's manifest, or the latest. */
export async function readWantedManifest(lake: LakeRepository, pinnedRunId: string | null): Promise<SnapshotManifest | null> {
  if (pinnedRunId === null) return readLatestSnapshot(lake);
  const manifest = await readRunManifest(lake, pinnedRunId);
  if (!manifest) throw new LakeError(`pinned run ${pinnedRunId} has no snapshot manifest`);
  return manifest;
}

/** Run ids that have a snapshot manifest, newest key last (run ids sort by time). */
export async function listSnapshotRuns(lake: LakeRepository): Promise<string[]> {
  const keys = await lake.listKeys('curated/run=');
  return keys.map((k) => RUN_MANIFEST.exec(k)?.[1]).filter((id): id is string => id !== undefined);
}
