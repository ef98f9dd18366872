import { stat } from 'node:fs/promises';
import type { Pool, PoolClient } from 'pg';
import { upsertImportBatch, type BatchWriteResult } from './import-writer';
import type { ImportFormat, ImportRecord } from './import.types';
import { detectFormat, readReviewFile, type ReadProgress, type SkippedLine } from './review-file-reader';

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportOptions {
  file: string;
  format: ImportFormat | 'auto';
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult extends BatchWriteResult {
  format: ImportFormat;
  rows: number;
  skipped: SkippedLine[];
  seconds: number;
}

async function writeBatch(client: PoolClient, batch: ImportRecord[]): Promise<BatchWriteResult> {
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

/**
 * Import a review file into the source schema (run `migrate` first), in batches, each batch one
 * transaction. Reading the next batch overlaps with writing the previous one. Idempotent per file.
 */
export async function importReviews(pool: Pool, options: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const format = options.format === 'auto' ? await detectFormat(options.file) : options.format;
  const batchSize = options.batchSize ?? 1_000;
  const bytesTotal = (await stat(options.file)).size;
  const progress: ReadProgress = { bytesRead: 0 };
  const skipped: SkippedLine[] = [];
  const result: ImportResult = { format, rows: 0, inserted: 0, updated: 0, unchanged: 0, skipped, seconds: 0 };
  const client = await pool.connect();
  let pending: Promise<void> | null = null;
  const flush = async (batch: ImportRecord[]) => {
    if (pending) await pending;
    pending = writeBatch(client, batch).then((r) => {
      result.rows += batch.length;
      result.inserted += r.inserted;
      result.updated += r.updated;
      result.unchanged += r.unchanged;
      options.onProgress?.({ rows: result.rows, bytesRead: progress.bytesRead, bytesTotal });
    });
    pending.catch(() => undefined);
  };
  try {
    let batch: ImportRecord[] = [];
    for await (const record of readReviewFile(options.file, format, progress, skipped)) {
      batch.push(record);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await flush(batch);
    if (pending) await pending;
  } finally {
    if (pending) await (pending as Promise<void>).catch(() => undefined);
    client.release();
  }
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}
