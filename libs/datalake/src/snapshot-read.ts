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

/** Fetch and decode every part of a snapshot, in manifest order, verifying checksums (when given) and row counts. */
export async function readSnapshotRows(lake: LakeRepository, manifest: SnapshotManifest): Promise<ClassifiedReview[]> {
  const all: ClassifiedReview[] = [];
  for (const part of manifest.parts) {
    for (const row of await readPart(lake, part)) all.push(row);
  }
  if (all.length !== manifest.rowCount) {
    throw new LakeError(`snapshot ${manifest.snapshotId} has ${all.length} rows, manifest says ${manifest.rowCount}`);
  }
  return all;
}
