import type { ExtractedBatch } from '@reviewlens/contracts';
import type { RejectRecord } from '@reviewlens/datalake';
import type { RejectedRow } from '@reviewlens/domain';
import type { RowReject } from '@reviewlens/queueing';

function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Pairs each rejected row with its position in the batch (the dead-letter job id) and its Parquet record. */
export function toRejectRecords(batch: ExtractedBatch, rejects: RejectedRow[]): { record: RejectRecord; deadLetter: RowReject }[] {
  const position = new Map<unknown, number>();
  batch.rows.forEach((row, i) => position.set(row, i));
  return rejects.map((r) => ({
    record: {
      reviewId: idOf(r.row.reviewId), runId: batch.runId, batchId: batch.batchId,
      reason: r.reason, detail: r.detail, raw: JSON.stringify(r.row),
    },
    deadLetter: { row: r.row, index: position.get(r.row) ?? -1, reason: r.reason, detail: r.detail },
  }));
}
