import { parseTimestamp } from './parse-timestamp';

/** An instant read from a source timestamp: ISO 8601 UTC with milliseconds and epoch milliseconds. */
export interface SourceInstant {
  iso: string;
  epochMs: number;
}

/**
 * A source timestamp (the extractor's `updatedAt`: `2024-05-01T12:00:00.123456Z`, or PostgreSQL's
 * `2024-05-01 12:00:00.123456+00`) as an instant, read with {@link parseTimestamp}: the strict parser the cleaner
 * accepts `updatedAt` with, so every cleaned row has one. Zone-less text is UTC; digits past the millisecond are
 * truncated. Null for absent, non-text or unreadable values: never throws. About 3 µs a call (the api calls it once
 * per served row at snapshot load; luxon-based parseReviewDate is about 7 times slower).
 */
export function sourceInstant(text: unknown): SourceInstant | null {
  if (typeof text !== 'string') return null;
  const parsed = parseTimestamp(text);
  if (!parsed) return null;
  const date = new Date(parsed.epochMs);
  return Number.isFinite(date.getTime()) ? { iso: date.toISOString(), epochMs: parsed.epochMs } : null;
}

/** {@link sourceInstant}'s ISO text (`2024-05-01T12:00:00.123Z`), or null. */
export function sourceInstantIso(text: unknown): string | null {
  return sourceInstant(text)?.iso ?? null;
}

/**
 * Whole-millisecond seconds between two epoch-ms instants (`to − from`, rounded to 3 decimals): a lag or an age.
 * Negative when `from` lies after `to` (a source clock ahead of ours); callers decide whether to clamp.
 */
export function secondsBetween(fromMs: number, toMs: number): number {
  return Math.round(toMs - fromMs) / 1000;
}
