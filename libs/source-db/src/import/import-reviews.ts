import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { Pool, PoolClient } from 'pg';
import type { ReviewDateOptions } from '@reviewlens/domain';
import { upsertImportBatch, type BatchWriteResult } from './import-writer';
import type { ImportFormat, ImportProblem, ImportRecord } from './import.types';
import { detectFormat, readReviewFile, type ReadProgress } from './review-file-reader';

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportOptions {
  file: string;
  format: ImportFormat | 'auto';
  batchSize?: number;
  /** How dates are read: zone for zone-less values, day/month order, epoch unit, floor (see `parseReviewDate`). */
  dates?: ReviewDateOptions;
  /** When given, every set-aside row is written there as one JSON line (`SetAsideRow`); the file is replaced. */
  rejectsFile?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/** A row of the file that was not imported, and why. */
export interface SetAsideRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Every refused field of the row (at least one). */
  problems: ImportProblem[];
  /** The row as read (CSV columns by name, the JSON object, or the text of an unreadable line). */
  raw: unknown;
}

export interface ImportResult extends BatchWriteResult {
  format: ImportFormat;
  /** Data rows read from the file (= imported + duplicates + set aside). */
  rows: number;
  /** Rows written (inserted, updated or unchanged). */
  imported: number;
  /** Exact duplicates of an earlier row of the file: imported once (as that row), counted here. */
  duplicates: number;
  /** Rows not imported, in file order, each with its line and problems. */
  setAside: SetAsideRow[];
  seconds: number;
}

async function inTransaction(client: PoolClient, batch: readonly ImportRecord[]): Promise<BatchWriteResult> {
  await client.query('BEGIN');
  try {
    const result = await upsertImportBatch(client, batch);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const ZERO: BatchWriteResult = { inserted: 0, updated: 0, unchanged: 0 };
const add = (a: BatchWriteResult, b: BatchWriteResult): BatchWriteResult =>
  ({ inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged });

/**
 * Import a review file into the source schema (run `migrate` first). Row-level with a report, never silently partial:
 *
 * - Every row is parsed by the canonical field rules (`FieldReader`); a row with a refused value is SET ASIDE with
 *   its line, field and reason, and the other rows are imported.
 * - An exact duplicate of an earlier row (same review identity and content) is imported once and counted; the same
 *   identity with other content is set aside as `duplicate_review_id` (the first line is kept).
 * - Rows are written in batches, each one transaction. Should the database still refuse a batch, the batch is
 *   retried row by row, each row its own transaction: the rows it refuses are set aside (`database_error`, with the
 *   database's message) and the others are written. So the source holds exactly the rows not set aside.
 * - Re-importing a file writes nothing for unchanged rows (their updated_at, the extraction watermark, does not move).
 *
 * The caller decides what set-aside rows mean (the CLI exits non-zero unless `--allow-rejects`). Reading the next
 * batch overlaps with writing the previous one. Throws only for problems with the file as a whole (unknown format,
 * missing columns, unreadable file) or the connection.
 */
export async function importReviews(pool: Pool, options: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const format = options.format === 'auto' ? await detectFormat(options.file) : options.format;
  const batchSize = options.batchSize ?? 1_000;
  const bytesTotal = (await stat(options.file)).size;
  const progress: ReadProgress = { bytesRead: 0 };
  const setAside: SetAsideRow[] = [];
  const result: ImportResult = { format, rows: 0, imported: 0, duplicates: 0, inserted: 0, updated: 0, unchanged: 0, setAside, seconds: 0 };
  const client = await pool.connect();

  const writeBatch = async (batch: { line: number; record: ImportRecord; raw: unknown }[]): Promise<void> => {
    let written: BatchWriteResult;
    try {
      written = await inTransaction(client, batch.map((b) => b.record));
      result.imported += batch.length;
    } catch {
      written = ZERO;
      for (const row of batch) {
        try {
          written = add(written, await inTransaction(client, [row.record]));
          result.imported += 1;
        } catch (error) {
          setAside.push({ line: row.line, raw: row.raw, problems: [{ field: '(row)', reason: 'database_error', detail: (error as Error).message }] });
        }
      }
      setAside.sort((a, b) => a.line - b.line);
    }
    result.inserted += written.inserted;
    result.updated += written.updated;
    result.unchanged += written.unchanged;
    options.onProgress?.({ rows: result.rows, bytesRead: progress.bytesRead, bytesTotal });
  };

  let pending: Promise<void> | null = null;
  const flush = async (batch: { line: number; record: ImportRecord; raw: unknown }[]) => {
    if (pending) await pending;
    pending = writeBatch(batch);
    pending.catch(() => undefined);
  };
  try {
    let batch: { line: number; record: ImportRecord; raw: unknown }[] = [];
    for await (const row of readReviewFile(options.file, format, progress, { dates: options.dates })) {
      result.rows += 1;
      if (row.record !== null) {
        batch.push({ line: row.line, record: row.record, raw: row.raw });
        if (batch.length >= batchSize) {
          await flush(batch);
          batch = [];
        }
      } else if (row.duplicateOf !== null) {
        result.duplicates += 1;
      } else {
        setAside.push({ line: row.line, problems: row.problems, raw: row.raw });
      }
    }
    if (batch.length > 0) await flush(batch);
    if (pending) await pending;
  } finally {
    if (pending) await (pending as Promise<void>).catch(() => undefined);
    client.release();
  }
  setAside.sort((a, b) => a.line - b.line);
  if (options.rejectsFile !== undefined && setAside.length > 0) await writeRejectsFile(options.rejectsFile, setAside);
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

/** Writes set-aside rows as JSON lines: `{"line":12,"problems":[{"field":...,"reason":...,"detail":...}],"raw":...}`. */
export async function writeRejectsFile(path: string, rows: readonly SetAsideRow[]): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const row of rows) {
    if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
