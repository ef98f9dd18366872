import type { LakeRepository } from './lake.repository';
import { LakeError } from './lake.repository';
import { LATEST_MANIFEST_KEY, runManifestKey } from './lake-keys';
import { CURATED_README_KEY, curatedReadme } from './lake-readme';
import { SnapshotManifestSchema, type SnapshotManifest } from './snapshot-manifest';

const HEAD_CONCURRENCY = 8;

async function missingParts(lake: LakeRepository, keys: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < keys.length; i += HEAD_CONCURRENCY) {
    const chunk = keys.slice(i, i + HEAD_CONCURRENCY);
    const found = await Promise.all(chunk.map((k) => lake.exists(k)));
    chunk.forEach((k, j) => { if (!found[j]) missing.push(k); });
  }
  return missing;
}

/** The current snapshot's manifest, or null before the first publish. Throws if _latest.json is not a valid manifest. */
export async function readLatestSnapshot(lake: LakeRepository): Promise<SnapshotManifest | null> {
  const json = await lake.getJson(LATEST_MANIFEST_KEY);
  if (json === null) return null;
  const parsed = SnapshotManifestSchema.safeParse(json);
  if (!parsed.success) throw new LakeError(`${LATEST_MANIFEST_KEY} is not a valid snapshot manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Publish a snapshot: validate the manifest, check every part exists, write the run manifest
 * (`curated/run=<id>/_manifest.json`), and only then overwrite `curated/_latest.json` with it. A single PUT is atomic
 * for readers, so they see either the previous complete snapshot or this one, never half a run. Then
 * `curated/README.txt` tells folder readers to go through the manifest.
 * Nothing is written when a check fails. When `previousSnapshotId` is set, publishing is refused if _latest.json
 * has meanwhile moved to another snapshot (a stale publisher); re-publishing the current snapshot is allowed.
 */
export async function publishSnapshot(lake: LakeRepository, manifest: SnapshotManifest): Promise<void> {
  const parsed = SnapshotManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new LakeError(`invalid snapshot manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const valid = parsed.data;
  const missing = await missingParts(lake, valid.parts.map((p) => p.key));
  if (missing.length > 0) {
    throw new LakeError(`snapshot ${valid.snapshotId} refused: ${missing.length} part(s) missing, e.g. ${missing[0]}`);
  }
  if (valid.previousSnapshotId !== undefined) {
    const current = await readLatestSnapshot(lake);
    const currentId = current?.snapshotId ?? null;
    if (currentId !== valid.previousSnapshotId && currentId !== valid.snapshotId) {
      throw new LakeError(`snapshot ${valid.snapshotId} refused: latest is ${currentId}, manifest was built on ${valid.previousSnapshotId}`);
    }
  }
  await lake.putJson(runManifestKey(valid.runId), valid);
  await lake.putJson(LATEST_MANIFEST_KEY, valid);
  // Tells lake readers that the manifest, not the folder, is the snapshot (field case 18). Rewritten each publish.
  await lake.putObject(CURATED_README_KEY, curatedReadme(lake.bucket), 'text/plain; charset=utf-8');
}
