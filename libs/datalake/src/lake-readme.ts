import type { SnapshotManifest } from './snapshot-manifest';
import { LATEST_MANIFEST_KEY } from './lake-keys';

/** A plain-text note beside the curated parts, for people and tools that browse the bucket. */
export const CURATED_README_KEY = 'curated/README.txt';

/**
 * SQL that reads exactly the rows of `manifest` with DuckDB (httpfs for s3:// URLs): the only correct way to read
 * the curated layer as rows, since the folder also holds parts of earlier snapshots kept for rollback. When the
 * manifest is `overlapping`, each review's row from the last part listed wins (`QUALIFY` over the part's position).
 */
export function duckdbSnapshotQuery(manifest: Pick<SnapshotManifest, 'parts' | 'overlapping'>, bucket: string): string {
  const list = `[${manifest.parts.map((p) => `'s3://${bucket}/${p.key}'`).join(', ')}]`;
  if (!manifest.overlapping) return `SELECT * FROM read_parquet(${list})`;
  return `SELECT * EXCLUDE (filename) FROM read_parquet(${list}, filename = true) `
    + `QUALIFY row_number() OVER (PARTITION BY reviewId ORDER BY list_position(${list}, filename) DESC) = 1`;
}

/** Text of CURATED_README_KEY: the manifest is the entry point; reading the folder gives duplicates and stale rows. */
export function curatedReadme(bucket: string): string {
  return [
    'ReviewLens curated layer — how to read it',
    '',
    `Read the snapshot through s3://${bucket}/${LATEST_MANIFEST_KEY}: its "parts" list (key, rows, sha256) is the`,
    'snapshot, and "rowCount" the rows stored in them. When the manifest says "overlapping": true, a review id can be',
    'in several parts and the row of the LAST part listed is the current one (later runs add parts instead of',
    'rewriting earlier ones; the loader compacts them from time to time into curated/compact/). Do NOT read this folder',
    "as a Parquet dataset (read_parquet('curated/**'), spark.read.parquet, pandas): it also holds parts of earlier",
    'snapshots (kept for rollback), so a folder read returns the same review several times, some in stale versions.',
    '',
    'Helpers:  npm run lake -- parts   (prints the part URLs)   npm run lake -- duckdb   (prints a DuckDB query)',
    'Each run also keeps its own manifest at curated/run=<id>/_manifest.json.',
    '',
  ].join('\n');
}
