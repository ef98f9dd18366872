/** Object keys of the data lake. Ids follow the contracts' rule (1-80 of [A-Za-z0-9_.-]), so a key can never escape its prefix. */
const ID = /^[A-Za-z0-9_.-]{1,80}$/;

function checkId(kind: string, id: string): string {
  if (!ID.test(id) || id === '.' || id === '..') throw new Error(`invalid ${kind} for a lake key: ${JSON.stringify(id)}`);
  return id;
}

function partKey(layer: string, runId: string, batchId: string): string {
  return `${layer}/run=${checkId('run id', runId)}/part-${checkId('batch id', batchId)}.parquet`;
}

export const cleanedPartKey = (runId: string, batchId: string): string => partKey('cleaned', runId, batchId);
export const rejectsPartKey = (runId: string, batchId: string): string => partKey('rejects', runId, batchId);
export const curatedPartKey = (runId: string, batchId: string): string => partKey('curated', runId, batchId);

/** A part written by compacting a snapshot (one review id once, sorted by product): `curated/compact/snapshot=<id>/part-000001.parquet`. */
export const compactPartKey = (snapshotId: string, n: number): string =>
  `curated/compact/snapshot=${checkId('snapshot id', snapshotId)}/part-${String(n).padStart(6, '0')}.parquet`;

/** Prefix holding every object of one run in one layer (for listing), ending with '/'. */
export const runPrefix = (layer: 'cleaned' | 'rejects' | 'curated', runId: string): string => `${layer}/run=${checkId('run id', runId)}/`;

export const runManifestKey = (runId: string): string => `curated/run=${checkId('run id', runId)}/_manifest.json`;

/** The only mutable object of the lake: points at the current complete snapshot manifest. */
export const LATEST_MANIFEST_KEY = 'curated/_latest.json';

export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';
