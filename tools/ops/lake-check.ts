import {
  CURATED_COLUMNS, LATEST_MANIFEST_KEY, SnapshotManifestSchema, decodeRows, loadHyparquet, runManifestKey, sha256Hex, type LakeRepository,
} from '@reviewlens/datalake';
import { fail, ok, warn, type Finding } from './findings';

export interface LakeCheckOptions {
  /** The served snapshot is stale past this age (ms). */
  maxAgeMs: number;
  /** Parts smaller than this many bytes are truncated or empty. */
  minPartBytes: number;
  /** Check this run's manifest (`curated/run=<id>/_manifest.json`, a rollback target) instead of the served one. */
  runId?: string;
  now?: Date;
  /** Called after each part (progress). */
  onPart?: (done: number, total: number) => void;
  /** Called once the part count is known. */
  onStart?: (total: number) => void;
}

/**
 * The seeds' check_parquet, on the curated layer as readers see it: the manifest (`curated/_latest.json`, or a run's)
 * parses; the snapshot is younger than the limit; every part exists, is not below the minimum size, matches its
 * sha256, has the curated layer's schema (layer tag, every column with its physical type: decodeRows; unknown extra
 * columns are a warning) and the row count the manifest says; the parts add up to the manifest's rowCount.
 * Returns the findings; nothing is written.
 */
export async function checkLake(lake: LakeRepository, opts: LakeCheckOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const key = opts.runId ? runManifestKey(opts.runId) : LATEST_MANIFEST_KEY;
  let json: unknown;
  try {
    json = await lake.getJson(key);
  } catch (err) {
    return [fail('manifest', key, (err as Error).message)];
  }
  if (json === null) return [fail('manifest', key, opts.runId ? 'no manifest for this run' : 'no snapshot published yet (absent)')];
  const parsed = SnapshotManifestSchema.safeParse(json);
  if (!parsed.success) {
    return [fail('manifest', key, `not a valid manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)];
  }
  const manifest = parsed.data;
  findings.push(ok('manifest', key, `snapshot ${manifest.snapshotId}, ${manifest.parts.length} parts, ${manifest.rowCount} rows${manifest.overlapping ? ', overlapping' : ''}`));

  const ageMs = (opts.now ?? new Date()).getTime() - Date.parse(manifest.createdAt);
  const ageText = `${(ageMs / 3_600_000).toFixed(1)} h old (created ${manifest.createdAt}), limit ${(opts.maxAgeMs / 3_600_000).toFixed(1)} h`;
  if (opts.runId) findings.push(ok('snapshot age', manifest.snapshotId, `${ageText}; not checked for a rollback target`));
  else findings.push(ageMs > opts.maxAgeMs ? fail('snapshot age', manifest.snapshotId, ageText) : ok('snapshot age', manifest.snapshotId, ageText));
  if (!opts.runId && !(await lake.exists(runManifestKey(manifest.runId)))) {
    findings.push(warn('run manifest', runManifestKey(manifest.runId), 'missing: the served snapshot cannot be pinned'));
  }

  const { parquetMetadata } = await loadHyparquet();
  const known = new Set(CURATED_COLUMNS.map((c) => c.name));
  let stored = 0;
  opts.onStart?.(manifest.parts.length);
  for (const [i, part] of manifest.parts.entries()) {
    const body = await lake.getObject(part.key);
    if (body === null) {
      findings.push(fail('part exists', part.key, 'missing'));
      opts.onPart?.(i + 1, manifest.parts.length);
      continue;
    }
    findings.push(body.length < opts.minPartBytes
      ? fail('part size', part.key, `${body.length} bytes, below the ${opts.minPartBytes}-byte minimum`)
      : ok('part size', part.key, `${body.length} bytes`));
    if (part.sha256 === undefined) findings.push(warn('sha256', part.key, 'the manifest has no checksum for this part'));
    else {
      const actual = sha256Hex(body);
      findings.push(actual === part.sha256 ? ok('sha256', part.key) : fail('sha256', part.key, `is ${actual.slice(0, 12)}…, manifest says ${part.sha256.slice(0, 12)}…`));
    }
    try {
      const rows = await decodeRows('curated', body);
      const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
      const extra = parquetMetadata(file).schema.slice(1).map((e) => e.name).filter((n) => !known.has(n));
      findings.push(extra.length > 0 ? warn('schema', part.key, `columns not in the curated layer: ${extra.join(', ')}`) : ok('schema', part.key));
      stored += rows.length;
      findings.push(rows.length === part.rows ? ok('row count', part.key, `${rows.length}`) : fail('row count', part.key, `${rows.length} rows, manifest says ${part.rows}`));
    } catch (err) {
      findings.push(fail('schema', part.key, (err as Error).message));
    }
    opts.onPart?.(i + 1, manifest.parts.length);
  }
  if (!findings.some((f) => f.status === 'fail' && (f.check === 'part exists' || f.check === 'schema'))) {
    findings.push(stored === manifest.rowCount ? ok('snapshot rows', manifest.snapshotId, `${stored}`) : fail('snapshot rows', manifest.snapshotId, `${stored} rows in the parts, manifest says ${manifest.rowCount}`));
  }
  return findings;
}
