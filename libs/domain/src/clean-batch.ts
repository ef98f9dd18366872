import { REJECT_REASONS, type CleanedReview, type RawReview, type RejectReason } from '@reviewlens/contracts';
import { cleanReview, type CleanContext } from './clean-review';
import { coerceId } from './coerce-fields';
import { compareTimestamps, parseTimestamp, type ParsedTimestamp } from './parse-timestamp';

export interface RejectedRow {
  row: RawReview;
  reason: RejectReason;
  detail: string;
}

export interface CleanBatchResult {
  /** Valid rows, in input order. */
  cleaned: CleanedReview[];
  /** The raw row each cleaned row came from (same index as `cleaned`). */
  cleanedFrom: RawReview[];
  /** Every other input row; cleaned.length + rejects.length === rows.length. */
  rejects: RejectedRow[];
  /** Count per reason code, every code present (0 when unused) so dashboards see a stable set. */
  rejectedByReason: Record<RejectReason, number>;
}

function ownValue(row: unknown, key: string): unknown {
  try {
    return typeof row === 'object' && row !== null && Object.prototype.hasOwnProperty.call(row, key)
      ? (row as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}

/** updatedAt of a raw row for ordering versions; unreadable ones sort before every real timestamp. */
function versionOf(row: unknown): ParsedTimestamp | null {
  const value = ownValue(row, 'updatedAt');
  return typeof value === 'string' ? parseTimestamp(value) : null;
}

function isNewer(candidate: ParsedTimestamp | null, current: ParsedTimestamp | null): boolean {
  if (candidate === null) return false;
  if (current === null) return true;
  return compareTimestamps(candidate, current) > 0;
}

/**
 * Cleans a batch and settles duplicate review ids inside it.
 * Duplicates are settled on the RAW rows, before cleaning: of all rows sharing a review id the version with the
 * latest updatedAt (compared to the microsecond) is the one cleaned; on a tie the first in input order wins.
 * The others are rejected as `duplicate_review_id`. If the latest version is itself invalid it is rejected for
 * its own reason and no older version takes its place: an older text must not come back because the newest is bad.
 * Duplicates ACROSS batches are not seen here: see `rejectIdsHeldElsewhere`.
 */
export function cleanBatch(rows: readonly RawReview[], ctx: CleanContext): CleanBatchResult {
  const winnerById = new Map<string, { index: number; version: ParsedTimestamp | null }>();
  rows.forEach((row, index) => {
    const id = coerceId(ownValue(row, 'reviewId'));
    if (!id.ok) return;
    const version = versionOf(row);
    const current = winnerById.get(id.id);
    if (current === undefined || isNewer(version, current.version)) winnerById.set(id.id, { index, version });
  });

  const rejectedByReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  const cleaned: CleanedReview[] = [];
  const cleanedFrom: RawReview[] = [];
  const rejects: RejectedRow[] = [];
  const addReject = (row: RawReview, reason: RejectReason, detail: string): void => {
    rejects.push({ row, reason, detail });
    rejectedByReason[reason]++;
  };

  rows.forEach((row, index) => {
    const id = coerceId(ownValue(row, 'reviewId'));
    const winner = id.ok ? winnerById.get(id.id) : undefined;
    if (winner !== undefined && winner.index !== index) {
      addReject(row, 'duplicate_review_id', `row ${winner.index} of the batch has the same review id and is the version kept`);
      return;
    }
    const result = cleanReview(row, ctx);
    if (result.ok) {
      cleaned.push(result.row);
      cleanedFrom.push(row);
    } else {
      addReject(row, result.reason, result.detail);
    }
  });

  return { cleaned, cleanedFrom, rejects, rejectedByReason };
}

/**
 * Rejects, as `duplicate_review_id`, the cleaned rows whose review id another batch of the run holds already (two
 * source ids that only became equal after normalisation, extracted in different batches). The first batch to claim an
 * id keeps it, which is not necessarily the row with the latest updatedAt. Returns a new result; the input is unchanged.
 */
export function rejectIdsHeldElsewhere(result: CleanBatchResult, heldElsewhere: ReadonlySet<string>): CleanBatchResult {
  if (heldElsewhere.size === 0) return result;
  const out: CleanBatchResult = { cleaned: [], cleanedFrom: [], rejects: [...result.rejects], rejectedByReason: { ...result.rejectedByReason } };
  result.cleaned.forEach((row, i) => {
    const raw = result.cleanedFrom[i]!;
    if (heldElsewhere.has(row.reviewId)) {
      out.rejects.push({ row: raw, reason: 'duplicate_review_id', detail: `review id ${row.reviewId} was accepted by another batch of the run` });
      out.rejectedByReason.duplicate_review_id++;
    } else {
      out.cleaned.push(row);
      out.cleanedFrom.push(raw);
    }
  });
  return out;
}
