import type { ClassifiedReview } from '@reviewlens/contracts';
import { LakeRepository, PARQUET_CONTENT_TYPE, compactPartKey, decodeRows, encodeRows, sha256Hex, type SnapshotPart } from '@reviewlens/datalake';

/** Rows per compacted part. */
export const COMPACT_PART_ROWS = 50_000;

/** When to compact: the snapshot's part count, and its stored rows against the rows it had when last compacted. */
export interface CompactionLimits { maxParts: number; maxGrowth: number }

/**
 * Whether a snapshot of `parts` holding `storedRows` rows should be compacted: more parts than `maxParts`, or stored
 * rows above `maxGrowth` × `baseRows` (the rows of the parts as last compacted). A full re-run doubles the stored
 * rows, so it is compacted at once; small continuous runs are compacted every `maxParts` runs or so.
 */
export function shouldCompact(partCount: number, storedRows: number, baseRows: number, limits: CompactionLimits): boolean {
  return partCount > limits.maxParts || storedRows > Math.max(1, baseRows) * limits.maxGrowth;
}

/**
 * Rewrites an overlapping snapshot's live rows (for each review id, the row of the last part listed) into parts of at
 * most {@link COMPACT_PART_ROWS} rows sorted by product and review id, under `curated/compact/snapshot=<id>/`.
 * One pass from the last part to the first with the set of ids seen: memory holds the ids and one output part.
 * Returns the new parts, in order; the parts it read are left in place (rollback keeps earlier snapshots readable).
 */
export async function compactParts(lake: LakeRepository, snapshotId: string, parts: readonly SnapshotPart[]): Promise<SnapshotPart[]> {
  const seen = new Set<string>();
  const out: SnapshotPart[] = [];
  let pending: ClassifiedReview[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    pending.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.reviewId < b.reviewId ? -1 : a.reviewId > b.reviewId ? 1 : 0));
    const body = await encodeRows('curated', pending);
    const key = compactPartKey(snapshotId, out.length + 1);
    await lake.putObject(key, body, PARQUET_CONTENT_TYPE);
    out.push({ key, rows: pending.length, sha256: sha256Hex(body) });
    pending = [];
  };
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i]!;
    const body = await lake.getObject(part.key);
    if (!body) throw new Error(`snapshot part ${part.key} is missing`);
    if (part.sha256 !== undefined && sha256Hex(body) !== part.sha256) throw new Error(`snapshot part ${part.key} is corrupted: sha256 mismatch`);
    for (const row of (await decodeRows('curated', body)) as ClassifiedReview[]) {
      if (seen.has(row.reviewId)) continue;
      seen.add(row.reviewId);
      pending.push(row);
      if (pending.length >= COMPACT_PART_ROWS) await flush();
    }
  }
  await flush();
  return out;
}
