import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { amazon2023Digest, categoryFromFileName, mapAmazon2023Line, type Amazon2023Line } from './amazon2023-mapper';
import { datafinitiRowDigest, mapDatafinitiRow, missingDatafinitiColumns, type DatafinitiRow } from './datafiniti-mapper';
import { OccurrenceCounter } from './field-parsers';
import type { ImportFormat, ImportRecord } from './import.types';

export interface ReadProgress {
  /** Compressed bytes read from disk so far (compare with the file size). */
  bytesRead: number;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

/** Pick the format from the file name, else from its first bytes. */
export async function detectFormat(file: string): Promise<ImportFormat> {
  if (/\.jsonl?(\.gz)?$/i.test(file)) return 'amazon2023';
  if (/\.csv(\.gz)?$/i.test(file)) return 'datafiniti';
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (head.startsWith('{')) return 'amazon2023';
    if (/(^|,)"?reviews\.text"?(,|\r?\n)/.test(head.split('\n')[0] + '\n')) return 'datafiniti';
  } finally {
    await handle.close();
  }
  throw new Error(`cannot tell the format of ${file}: pass --format datafiniti|amazon2023`);
}

function openText(file: string, progress: ReadProgress): Readable {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => { progress.bytesRead += chunk.length; });
  if (!file.toLowerCase().endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

async function* readDatafiniti(file: string, progress: ReadProgress): AsyncGenerator<ImportRecord> {
  const occurrences = new OccurrenceCounter();
  let checked = false;
  const parser = openText(file, progress).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
  );
  for await (const row of parser as AsyncIterable<DatafinitiRow>) {
    if (!checked) {
      const missing = missingDatafinitiColumns(Object.keys(row));
      if (missing.length > 0) throw new Error(`${file} is not a Datafiniti reviews CSV: missing columns ${missing.join(', ')}`);
      checked = true;
    }
    const digest = datafinitiRowDigest(row);
    yield mapDatafinitiRow(row, digest, occurrences.next(digest));
  }
}

async function* readAmazon2023(file: string, progress: ReadProgress, skipped: SkippedLine[]): AsyncGenerator<ImportRecord> {
  const occurrences = new OccurrenceCounter();
  const category = categoryFromFileName(file);
  const lines = createInterface({ input: openText(file, progress), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      skipped.push({ line: lineNumber, reason: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (!line || typeof line !== 'object' || Array.isArray(line)) {
      skipped.push({ line: lineNumber, reason: 'not a JSON object' });
      continue;
    }
    const digest = amazon2023Digest(line as Amazon2023Line);
    yield mapAmazon2023Line(line as Amazon2023Line, { category, digest, occurrence: occurrences.next(digest) });
  }
}

/** Stream a review file as mapped records. Unparseable JSONL lines are recorded in `skipped`, not fatal. */
export function readReviewFile(
  file: string,
  format: ImportFormat,
  progress: ReadProgress = { bytesRead: 0 },
  skipped: SkippedLine[] = [],
): AsyncGenerator<ImportRecord> {
  return format === 'datafiniti' ? readDatafiniti(file, progress) : readAmazon2023(file, progress, skipped);
}
