import type { Collection, Db } from 'mongodb';
import type { ProductInfo, RawReview, RejectReason } from '@reviewlens/contracts';
import { coerceId } from '@reviewlens/domain';
import { duplicateKeyIndexes } from './duplicate-key';
import { COLLECTIONS } from './mongo-connection';

/** The raw row of a stored reject. */
export function rejectRow(doc: Pick<RejectDoc, 'raw'>): RawReview { return JSON.parse(doc.raw) as RawReview; }

/** One row the cleaner rejected for its data, with what a replay needs. Not a failed job: the dead-letter queue holds those. */
export interface RejectDoc {
  /** `<runId>|<batchId>|<position in the batch>`: a retried batch records its rejects once. */
  _id: string;
  runId: string;
  batchId: string;
  index: number;
  /** Canonical review id (the one id rule), or null when the row has none. */
  reviewId: string | null;
  productId: string | null;
  reason: RejectReason;
  detail: string;
  /**
   * The raw row as the extractor published it (pseudonymised: no buyer id), as JSON text: a hostile row's keys
   * (`$gt`, `a.b`, NUL) are not valid MongoDB field names, so the row is never stored as a subdocument.
   */
  raw: string;
  /** The row's product metadata, for a replay. */
  product: ProductInfo | null;
  at: Date;
  /** Set when the row was sent back to the cleaner (`replayBatchId`); a replayed row rejected again is a new reject. */
  replayedAt: Date | null;
  replayBatchId: string | null;
}

export interface RejectInput { row: RawReview; index: number; reason: RejectReason; detail: string }

export interface RejectFilter { runId?: string; reason?: string; productId?: string; includeReplayed?: boolean }

/**
 * The queryable store of rejected rows (collection `rejects`), by run, reason and product, beside the lake's
 * `rejects/` zone. Writes are one unordered insert per batch (idempotent through `_id`); rejects are a small share of
 * the rows, so per-row documents are cheap here.
 */
export class RejectRepository {
  private readonly col: Collection<RejectDoc>;
  constructor(db: Db) { this.col = db.collection<RejectDoc>(COLLECTIONS.rejects); }

  /** Records a batch's rejects; returns how many were new (a retried batch adds none). */
  async record(runId: string, batchId: string, rejects: readonly RejectInput[], products: Record<string, ProductInfo> = {}): Promise<number> {
    if (rejects.length === 0) return 0;
    const at = new Date();
    const docs: RejectDoc[] = rejects.map((r) => {
      const id = coerceId(r.row.reviewId);
      const product = coerceId(r.row.productId);
      return {
        _id: `${runId}|${batchId}|${r.index}`, runId, batchId, index: r.index, reviewId: id.ok ? id.id : null,
        productId: product.ok ? product.id : null, reason: r.reason, detail: r.detail, raw: JSON.stringify(r.row),
        product: product.ok ? products[product.id] ?? null : null, at, replayedAt: null, replayBatchId: null,
      };
    });
    try {
      await this.col.insertMany(docs, { ordered: false });
      return docs.length;
    } catch (err) {
      const dup = duplicateKeyIndexes(err);
      if (dup === null) throw err;
      return docs.length - dup.length;
    }
  }

  private where(f: RejectFilter): Record<string, unknown> {
    return {
      ...(f.runId ? { runId: f.runId } : {}), ...(f.reason ? { reason: f.reason } : {}), ...(f.productId ? { productId: f.productId } : {}),
      ...(f.includeReplayed ? {} : { replayedAt: null }),
    };
  }

  /** A page of rejects matching the filter, newest run first then batch order; `total` counts every match. */
  async list(filter: RejectFilter, offset: number, limit: number): Promise<{ total: number; rejects: RejectDoc[] }> {
    const where = this.where(filter);
    const [total, rejects] = await Promise.all([
      this.col.countDocuments(where),
      this.col.find(where).sort({ at: -1, _id: 1 }).skip(offset).limit(limit).toArray(),
    ]);
    return { total, rejects };
  }

  /** Every matching reject not replayed yet (for a replay), in batch order. */
  pending(filter: RejectFilter & { ids?: readonly string[] }): Promise<RejectDoc[]> {
    return this.col.find({ ...this.where({ ...filter, includeReplayed: false }), ...(filter.ids ? { _id: { $in: [...filter.ids] } } : {}) }).sort({ _id: 1 }).toArray();
  }

  /** Marks rejects as sent back to the cleaner in `replayBatchId`. */
  async markReplayed(ids: readonly string[], replayBatchId: string): Promise<void> {
    if (ids.length > 0) await this.col.updateMany({ _id: { $in: [...ids] } }, { $set: { replayedAt: new Date(), replayBatchId } });
  }

  /** Rejects not replayed, per reason, of one run. */
  async countByReason(runId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for await (const r of this.col.find({ runId, replayedAt: null }, { projection: { reason: 1 } })) out[r.reason] = (out[r.reason] ?? 0) + 1;
    return out;
  }
}
