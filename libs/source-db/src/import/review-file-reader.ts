import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { ReviewDateOptions } from '@reviewlens/domain';
import { amazon2023ContentDigest, amazon2023Digest, categoryFromFileName, mapAmazon2023Line, type Amazon2023Line } from './amazon2023-mapper';
import { datafinitiRowDigest, mapDatafinitiRow, missingDatafinitiColumns, type DatafinitiRow } from './datafiniti-mapper';
import type { ImportFormat, ImportProblem, ImportRecord } from './import.types';

export interface ReadProgress {
  /** Compressed bytes read from disk so far (compare with the file size). */
  bytesRead: number;
}

/** One data row of the file, mapped or set aside. */
export interface ReadRow {
  /** 1-based line of the file where the row starts (a CSV header is line 1). */
  line: number;
  /** The mapped record; null when the row is set aside or is an exact duplicate. */
  record: ImportRecord | null;
  /** Why the row is set aside (empty when it is imported or is an exact duplicate). */
  problems: ImportProblem[];
  /** Line of the first copy when this row is an exact duplicate of it (imported once, counted). */
  duplicateOf: number | null;
  /** The row as read (CSV columns, the JSON object, or the text of an unreadable line), for the rejects file. */
  raw: unknown;
}

export interface ReadOptions {
  dates?: ReviewDateOptions;
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

/**
 * The duplicate rule of one file, by review id (the row's identity): the first row with an id is the review; a later
 * row with the same id AND the same content is an exact duplicate (imported once, counted); a later row with the same
 * id but other content is set aside as `duplicate_review_id` naming the first line (the file contradicts itself;
 * which copy is right is not ours to guess). Memory: one entry per distinct review of the file.
 */
class DuplicateRule {
  private readonly firstById = new Map<string, { line: number; content: string }>();

  check(row: ReadRow, content: string): ReadRow {
    if (row.record === null) return row;
    const id = row.record.review.reviewId;
    const first = this.firstById.get(id);
    if (first === undefined) {
      this.firstById.set(id, { line: row.line, content });
      return row;
    }
    if (first.content === content) return { ...row, record: null, duplicateOf: first.line };
    return {
      ...row,
      record: null,
      problems: [{ field: '(row)', reason: 'duplicate_review_id', detail: `same review identity as line ${first.line} with different content; line ${first.line} is kept` }],
    };
  }
}

async function* readDatafiniti(file: string, progress: ReadProgress, options: ReadOptions): AsyncGenerator<ReadRow> {
  const duplicates = new DuplicateRule();
  let checked = false;
  let nextLine = 2; // the header is line 1
  const parser = openText(file, progress).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: false, relax_column_count: true, info: true }),
  );
  for await (const { record: row, info } of parser as AsyncIterable<{ record: DatafinitiRow; info: { lines: number } }>) {
    const line = nextLine;
    nextLine = info.lines + 1;
    if (!checked) {
      const missing = missingDatafinitiColumns(Object.keys(row));
      if (missing.length > 0) throw new Error(`${file} is not a Datafiniti reviews CSV: missing columns ${missing.join(', ')}`);
      checked = true;
    }
    if (Object.values(row).every((v) => v === undefined || v === '')) continue; // an empty line
    const digest = datafinitiRowDigest(row);
    const mapped = mapDatafinitiRow(row, digest, options.dates);
    yield duplicates.check({ line, record: mapped.record, problems: mapped.problems, duplicateOf: null, raw: row }, digest);
  }
}

async function* readAmazon2023(file: string, progress: ReadProgress, options: ReadOptions): AsyncGenerator<ReadRow> {
  const duplicates = new DuplicateRule();
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
      yield { line: lineNumber, record: null, duplicateOf: null, raw: text, problems: [{ field: '(row)', reason: 'invalid_json', detail: `invalid JSON: ${(error as Error).message}` }] };
      continue;
    }
    if (!line || typeof line !== 'object' || Array.isArray(line)) {
      yield { line: lineNumber, record: null, duplicateOf: null, raw: text, problems: [{ field: '(row)', reason: 'invalid_json', detail: 'not a JSON object' }] };
      continue;
    }
    const review = line as Amazon2023Line;
    const mapped = mapAmazon2023Line(review, { category, digest: amazon2023Digest(review), dates: options.dates });
    yield duplicates.check({ line: lineNumber, record: mapped.record, problems: mapped.problems, duplicateOf: null, raw: line }, amazon2023ContentDigest(review));
  }
}

/** Stream a review file as mapped rows, each with its line, set-aside problems or duplicate mark. */
export function readReviewFile(
  file: string,
  format: ImportFormat,
  progress: ReadProgress = { bytesRead: 0 },
  options: ReadOptions = {},
): AsyncGenerator<ReadRow> {
  return format === 'datafiniti' ? readDatafiniti(file, progress, options) : readAmazon2023(file, progress, options);
}
