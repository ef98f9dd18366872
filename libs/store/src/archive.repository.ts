import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Binary, type Collection, type Db } from 'mongodb';
import type { ProductInfo, RawReview } from '@reviewlens/contracts';
import { coerceId } from '@reviewlens/domain';
import { COLLECTIONS } from './mongo-connection';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** How a segment's rows are stored: a gzip-compressed UTF-8 JSON array of {@link RawReview}, in extraction order. */
export const ARCHIVE_SEGMENT_ENCODING = 'json+gzip' as const;

/**
 * One archive segment: the raw rows of one extracted batch, written once and never updated (ADR 0005).
 * Every extraction of a review adds a version (the segment of the run and batch that extracted it), so the archive is
 * the immutable, versioned record of what the source said; the rows themselves are one compressed blob, and the
 * fields needed to find a review or a person without decoding are hoisted next to it.
 */
export interface ArchiveSegment {
  /** `<runId>|<batchId>`: a retried or replayed batch finds its own segment. */
  _id: string;
  runId: string;
  batchId: string;
  /** When the extractor read the batch (ISO-8601 text from the batch), and when the archiver stored it. */
  extractedAt: Date;
  archivedAt: Date;
  rowCount: number;
  /** The archive key of every row, in row order: the canonical review id, or a position key for rows without one. */
  reviewIds: string[];
  /** The distinct buyer pseudonyms (`userHash`) of the rows: erasure finds a person's segments by index. */
  userHashes: string[];
  encoding: typeof ARCHIVE_SEGMENT_ENCODING;
  /** gzip(JSON.stringify(rows)). */
  rows: Binary;
  /** gzip(JSON.stringify(products)): the batch's product metadata, so the archive alone can rebuild a run (absent on older segments). */
  products?: Binary;
  /** sha256 (hex) of the uncompressed JSON: a retried batch with the same rows is recognised as the same segment. */
  sha256: string;
}

/** One archived version of a review, as {@link ArchiveRepository.latestVersion} returns it. */
export interface ArchivedVersion {
  key: string;
  raw: RawReview;
  runId: string;
  batchId: string;
  extractedAt: Date;
}

/**
 * Archive key of a row: its canonical review id (the one id rule, `coerceId`, so `' R1'` and `R1` share a key), or a
 * position key `invalid:<runId>:<batchId>:<index>` for rows without a usable id, which are archived too.
 */
export function archiveKey(row: RawReview, runId: string, batchId: string, index: number): string {
  const id = coerceId(row.reviewId);
  return id.ok ? id.id : `invalid:${runId}:${batchId}:${index}`;
}

/** The batch's distinct buyer pseudonyms (non-empty strings only). */
function userHashesOf(rows: readonly RawReview[]): string[] {
  const out = new Set<string>();
  for (const r of rows) if (typeof r.userHash === 'string' && r.userHash !== '') out.add(r.userHash);
  return [...out];
}

/**
 * The MongoDB archive: append-only segments, one per extracted batch (collection `archive_segments`).
 *
 * Why segments (ADR 0005, measured by `bench/archive`): an update of a per-review document costs FerretDB's SQLite
 * backend about 50 ms, so updates ran about 200 times slower than inserts, and even plain per-review inserts stay near
 * 4,000 rows/s because FerretDB translates every field of every document. One compressed document per batch is one
 * insert for inserts and updates alike.
 */
export class ArchiveRepository {
  private readonly col: Collection<ArchiveSegment>;
  constructor(db: Db) { this.col = db.collection<ArchiveSegment>(COLLECTIONS.archiveSegments); }

  /**
   * Stores the batch as one segment and returns the number of distinct archive keys in it. Idempotent: a retried
   * batch with the same rows (same sha256) changes nothing; a batch re-extracted with different rows (the source
   * changed between two attempts of the same batch) replaces its segment, since it is the same extraction.
   * @throws the driver's error for anything but the duplicate key of the segment itself.
   */
  async appendBatch(runId: string, batchId: string, extractedAt: string, rows: RawReview[], products: Record<string, ProductInfo> = {}): Promise<number> {
    const reviewIds = rows.map((raw, i) => archiveKey(raw, runId, batchId, i));
    const json = Buffer.from(JSON.stringify(rows), 'utf8');
    const segment: ArchiveSegment = {
      _id: `${runId}|${batchId}`, runId, batchId, extractedAt: toDate(extractedAt), archivedAt: new Date(), rowCount: rows.length,
      reviewIds, userHashes: userHashesOf(rows), encoding: ARCHIVE_SEGMENT_ENCODING,
      rows: new Binary(await gzipAsync(json, { level: 1 })), sha256: createHash('sha256').update(json).digest('hex'),
      products: new Binary(await gzipAsync(Buffer.from(JSON.stringify(products), 'utf8'), { level: 1 })),
    };
    try {
      await this.col.insertOne(segment);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 11000) throw err;
      const existing = await this.col.findOne({ _id: segment._id }, { projection: { sha256: 1 } });
      if (existing?.sha256 !== segment.sha256) await this.col.replaceOne({ _id: segment._id }, segment, { upsert: true });
    }
    return new Set(reviewIds).size;
  }

  /** Whether the run archived anything. */
  async hasRun(runId: string): Promise<boolean> { return (await this.col.findOne({ runId }, { projection: { _id: 1 } })) !== null; }

  /** Number of distinct archive keys the run archived (over all its segments). */
  async countForRun(runId: string): Promise<number> {
    const keys = new Set<string>();
    for await (const s of this.col.find({ runId }, { projection: { reviewIds: 1 } })) for (const k of s.reviewIds) keys.add(k);
    return keys.size;
  }

  /** Every segment of a run, decoded, in batch order (rows in extraction order, with their archive keys). */
  async *segmentsOfRun(runId: string): AsyncGenerator<{ id: string; batchId: string; extractedAt: Date; rows: RawReview[]; keys: string[]; products: Record<string, ProductInfo> }> {
    for await (const s of this.col.find({ runId }).sort({ batchId: 1 })) {
      const products = s.products ? JSON.parse((await gunzipAsync(s.products.buffer)).toString('utf8')) as Record<string, ProductInfo> : {};
      yield { id: s._id, batchId: s.batchId, extractedAt: s.extractedAt, rows: await decodeSegmentRows(s), keys: s.reviewIds, products };
    }
  }

  /**
   * Of `keys` (archived by run `runId` in a segment extracted at `extractedAt`), those a later extraction by another
   * run archived again: the run's version of them is not the latest. Within one run, the cleaner settles duplicates.
   */
  async supersededAfter(keys: readonly string[], runId: string, extractedAt: Date): Promise<Set<string>> {
    const wanted = new Set(keys);
    const out = new Set<string>();
    const later = this.col.find({ reviewIds: { $in: [...wanted] }, extractedAt: { $gt: extractedAt }, runId: { $ne: runId } }, { projection: { reviewIds: 1 } });
    for await (const s of later) for (const k of s.reviewIds) if (wanted.has(k)) out.add(k);
    return out;
  }

  /**
   * The latest archived version of a review (by canonical id): the row of the most recently extracted segment that
   * holds the key (the last such row within it). One indexed query plus one segment decode; null when never archived.
   */
  async latestVersion(reviewId: string): Promise<ArchivedVersion | null> {
    const [s] = await this.col.find({ reviewIds: reviewId }).sort({ extractedAt: -1, _id: -1 }).limit(1).toArray();
    if (!s) return null;
    const i = s.reviewIds.lastIndexOf(reviewId);
    const rows = await decodeSegmentRows(s);
    return { key: reviewId, raw: rows[i]!, runId: s.runId, batchId: s.batchId, extractedAt: s.extractedAt };
  }

  /** Number of archived versions of a review (one per extraction that saw it). */
  async versionCount(reviewId: string): Promise<number> {
    let n = 0;
    for await (const s of this.col.find({ reviewIds: reviewId }, { projection: { reviewIds: 1 } })) {
      for (const k of s.reviewIds) if (k === reviewId) n += 1;
    }
    return n;
  }
}

/**
 * Decodes a segment's rows and checks them against its sha256 and row count.
 * @throws Error when the blob is not valid gzip/JSON, or its checksum or length disagree with the segment.
 */
export async function decodeSegmentRows(s: Pick<ArchiveSegment, '_id' | 'rows' | 'sha256' | 'rowCount' | 'encoding'>): Promise<RawReview[]> {
  if (s.encoding !== ARCHIVE_SEGMENT_ENCODING) throw new Error(`archive segment ${s._id}: unknown encoding ${String(s.encoding)}`);
  const json = await gunzipAsync(s.rows.buffer);
  if (createHash('sha256').update(json).digest('hex') !== s.sha256) throw new Error(`archive segment ${s._id}: sha256 mismatch`);
  const rows = JSON.parse(json.toString('utf8')) as RawReview[];
  if (!Array.isArray(rows) || rows.length !== s.rowCount) throw new Error(`archive segment ${s._id}: ${rows.length} rows, expected ${s.rowCount}`);
  return rows;
}

function toDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}
