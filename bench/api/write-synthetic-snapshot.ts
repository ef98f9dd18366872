import { LakeRepository, curatedPartKey, encodeRows, publishSnapshot, sha256Hex, type SnapshotManifest } from '@reviewlens/datalake';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

/**
 * Writes a synthetic curated snapshot of `rows` reviews over `products` products as Parquet parts of `partRows`
 * rows (generated and encoded part by part, so memory stays flat) and publishes it as curated/_latest.json.
 */
export async function writeSyntheticSnapshot(lake: LakeRepository, opts: { runId: string; rows: number; products: number; partRows: number }): Promise<{ manifest: SnapshotManifest; bytes: number; ms: number }> {
  const started = Date.now();
  const parts: SnapshotManifest['parts'] = [];
  let bytes = 0;
  for (let start = 0, n = 1; start < opts.rows; start += opts.partRows, n += 1) {
    const count = Math.min(opts.partRows, opts.rows - start);
    const rows = Array.from({ length: count }, (_, i) => syntheticReview(start + i, { products: opts.products, runId: opts.runId }));
    const body = await encodeRows('curated', rows);
    const key = curatedPartKey(opts.runId, `b${String(n).padStart(6, '0')}`);
    await lake.putObject(key, body, 'application/vnd.apache.parquet');
    parts.push({ key, rows: count, sha256: sha256Hex(body) });
    bytes += body.length;
  }
  const manifest: SnapshotManifest = { snapshotId: opts.runId, runId: opts.runId, createdAt: new Date().toISOString(), rowCount: opts.rows, parts, previousSnapshotId: null };
  await publishSnapshot(lake, manifest);
  return { manifest, bytes, ms: Date.now() - started };
}
