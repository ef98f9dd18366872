import { createHash } from 'node:crypto';

/** Empty or whitespace-only cells are absent values. */
export function blankToNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/**
 * A rating the integer column can hold exactly: integral numbers ("4", "4.0", 5) within int32.
 * Anything else (absent, "four", 4.5) becomes null, which the cleaner rejects as invalid_rating.
 */
export function parseRating(value: unknown): number | null {
  const text = blankToNull(value);
  if (text === null) return null;
  const n = Number(text.trim());
  if (!Number.isFinite(n) || !Number.isInteger(n) || Math.abs(n) > 2_147_483_647) return null;
  return n;
}

/** Non-negative integer count (helpful votes); absent or malformed counts are 0. */
export function parseCount(value: unknown): number {
  const text = blankToNull(value);
  if (text === null) return 0;
  const n = Number(text.trim().replace(/,/g, ''));
  return Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : 0;
}

/** ISO timestamp text from an ISO/RFC date string or epoch milliseconds; null when absent or unparseable. */
export function parseTimestamp(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value).toISOString() : null;
  const text = blankToNull(value);
  if (text === null) return null;
  const ms = /^\d{10,13}$/.test(text.trim()) ? Number(text.trim()) : Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** First element of a comma-separated list ("B00QJDU3KY,B01..." -> "B00QJDU3KY"). */
export function firstListItem(value: unknown): string | null {
  const text = blankToNull(value);
  if (text === null) return null;
  return blankToNull(text.split(',')[0].trim());
}

/** Short digest identifying a source row's content (what the occurrence counter and ids are keyed on). */
export function rowDigest(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
}

/**
 * Deterministic id from a source row: `<prefix>-<first 24 hex of sha256(key, occurrence)>`.
 * `occurrence` separates identical rows of one file (the n-th copy), so every file row stays one review
 * and re-importing the same file maps every row onto the same id again.
 */
export function stableId(prefix: string, key: string, occurrence = 0): string {
  const hash = createHash('sha256').update(key).update('\u0000').update(String(occurrence)).digest('hex');
  return `${prefix}-${hash.slice(0, 24)}`;
}

/** Counts how often each key (a row digest: bounded memory per row) was seen so far (0 for the first time). */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  next(key: string): number {
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return n;
  }
}
