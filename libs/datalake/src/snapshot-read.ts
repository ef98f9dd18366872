import type { ClassifiedReview } from '@reviewlens/contracts';
import { LakeError, type LakeRepository } from './lake.repository';
import { decodeRows } from './parquet-codec';
import { sha256Hex, type SnapshotManifest, type SnapshotPart } from './snapshot-manifest';

async function readPart(lake: LakeRepository, part: SnapshotPart): Promise<ClassifiedReview[]> {
  const body = await lake.getObject(part.key);
  if (body === null) throw new LakeError(`snapshot part ${part.key} is missing`);
  if (part.sha256 !== undefined && sha256Hex(body) !== part.sha256) {
    throw new LakeError(`snapshot part ${part.key} is corrupted: sha256 mismatch`);
  }
  let rows: ClassifiedReview[];
  try {
    rows = await decodeRows('curated', body);
  } catch (err) {
    throw new LakeError(`snapshot part ${part.key} is corrupted: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (rows.length !== part.rows) {
    throw new LakeError(`snapshot part ${part.key} has ${rows.length} rows, manifest says ${part.rows}`);
  }
  return rows;
}

/**
 * Decoded parts kept between snapshot loads, keyed by part key and sha256: a reader that loads one snapshot after
 * another (the api) decodes only the parts it has not seen. Parts no longer listed are dropped at each load.
 */
export type SnapshotPartCache = Map<string, ClassifiedReview[]>;

const cacheKey = (part: SnapshotPart): string => `${part.key}#${part.sha256 ?? ''}`;

/**
 * The live rows of a snapshot: every part fetched (or taken from `cache`) and decoded in manifest order, verifying
 * checksums (when given) and row counts; when the manifest is `overlapping`, a review id's row from the last part
 * listed replaces earlier ones (first-seen order is kept). Returns one row per review id.
 * @throws LakeError on a missing or corrupted part, or counts that disagree with the manifest.
 */
export async function readSnapshotRows(
  lake: LakeRepository, manifest: Pick<SnapshotManifest, 'snapshotId' | 'parts' | 'rowCount' | 'overlapping'>, cache?: SnapshotPartCache,
): Promise<ClassifiedReview[]> {
  const parts: ClassifiedReview[][] = [];
  let stored = 0;
  for (const part of manifest.parts) {
    const key = cacheKey(part);
    const rows = cache?.get(key) ?? await readPart(lake, part);
    parts.push(rows);
    stored += rows.length;
  }
  if (stored !== manifest.rowCount) {
    throw new LakeError(`snapshot ${manifest.snapshotId} has ${stored} rows, manifest says ${manifest.rowCount}`);
  }
  if (cache) {
    const listed = new Set(manifest.parts.map(cacheKey));
    for (const k of cache.keys()) if (!listed.has(k)) cache.delete(k);
    manifest.parts.forEach((part, i) => cache.set(cacheKey(part), parts[i]!));
  }
  if (!manifest.overlapping) return parts.flat();
  const byId = new Map<string, ClassifiedReview>();
  for (const rows of parts) for (const row of rows) byId.set(row.reviewId, row);
  return [...byId.values()];
}
