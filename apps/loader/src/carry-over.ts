import { createHash } from 'node:crypto';
import type { ClassifiedReview } from '@reviewlens/contracts';
import { LakeRepository, PARQUET_CONTENT_TYPE, decodeRows, encodeRows, sha256Hex, type SnapshotManifest } from '@reviewlens/datalake';

export interface PartRef { key: string; rows: number; sha256?: string }

async function readPart(lake: LakeRepository, key: string): Promise<ClassifiedReview[]> {
  const body = await lake.getObject(key);
  if (!body) throw new Error(`snapshot part ${key} is missing`);
  return (await decodeRows('curated', body)) as ClassifiedReview[];
}

/**
 * The previous snapshot's parts, minus the reviews this run re-extracted (an update replaces the old version).
 * Parts untouched by the run are referenced as they are; touched ones are rewritten, filtered, under the run's prefix.
 */
export async function carryOverParts(lake: LakeRepository, runId: string, ownParts: PartRef[], previous: SnapshotManifest): Promise<PartRef[]> {
  const ownPrefix = `curated/run=${runId}/part-`;
  const candidates = previous.parts.filter((p) => !p.key.startsWith(ownPrefix));
  if (candidates.length === 0) return [];
  const replaced = new Set<string>();
  for (const part of ownParts) for (const row of await readPart(lake, part.key)) replaced.add(row.reviewId);

  const carried: PartRef[] = [];
  for (const part of candidates) {
    const rows = await readPart(lake, part.key);
    const kept = rows.filter((r) => !replaced.has(r.reviewId));
    if (kept.length === rows.length) carried.push(part);
    else if (kept.length > 0) {
      const key = `curated/run=${runId}/carry-${createHash('sha1').update(part.key).digest('hex').slice(0, 16)}.parquet`;
      const body = await encodeRows('curated', kept);
      await lake.putObject(key, body, PARQUET_CONTENT_TYPE);
      carried.push({ key, rows: kept.length, sha256: sha256Hex(body) });
    }
  }
  return carried;
}
