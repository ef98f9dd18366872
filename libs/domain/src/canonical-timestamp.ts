/**
 * Fast path for the one timestamp shape the pipeline actually carries: a UTC instant written the canonical way,
 * `2024-01-02T03:04:05.123456Z` (the extractor's ISO form) or `2024-01-02 03:04:05.123456+00` (PostgreSQL's text),
 * seconds required, a fraction of 1-9 digits optional, zone `Z`, `+00`, `+0000` or `+00:00`, nothing around it.
 *
 * Only a fast path: `parseTimestamp` and `parseReviewDate` use it first and fall back to their general parser for
 * anything it does not take (other zones, no seconds, years before 1000, impossible dates, white space...), so their
 * results are unchanged (pinned by canonical-timestamp.test.ts: fast result === general result for random inputs).
 * A character scan, about 10 times cheaper than the general regular expression and 30 times cheaper than luxon.
 */
export interface CanonicalUtc {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The fraction's digits as written ('' when absent), at most 9. */
  fraction: string;
  /** Epoch milliseconds (fraction truncated to the millisecond). */
  epochMs: number;
  /** Index in the text where the fraction's digits end (where the zone starts). */
  zoneAt: number;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of the `n` decimal digits at `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The canonical UTC timestamp in `text`, or null when `text` is anything else (the caller's general path decides). */
export function canonicalUtc(text: string): CanonicalUtc | null {
  const len = text.length;
  if (len < 20 || len > 35) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null; // '-'
  const sep = text.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return null; // 'T' or ' '
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null; // ':'
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!)) return null;
  let i = 19;
  let fraction = '';
  if (text.charCodeAt(i) === 46) { // '.'
    const start = ++i;
    while (i < len && i - start < 10) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      i++;
    }
    if (i === start || i - start > 9) return null;
    fraction = text.slice(start, i);
  }
  const zoneAt = i;
  const zone = len - i;
  if (zone === 1) {
    if (text.charCodeAt(i) !== 90) return null; // 'Z'
  } else if (zone === 3 || zone === 5 || zone === 6) {
    if (text.charCodeAt(i) !== 43 || text.charCodeAt(i + 1) !== 48 || text.charCodeAt(i + 2) !== 48) return null; // '+00'
    if (zone === 5 && (text.charCodeAt(i + 3) !== 48 || text.charCodeAt(i + 4) !== 48)) return null; // '+0000'
    if (zone === 6 && (text.charCodeAt(i + 3) !== 58 || text.charCodeAt(i + 4) !== 48 || text.charCodeAt(i + 5) !== 48)) return null; // '+00:00'
  } else {
    return null;
  }
  const ms = fraction.length === 0 ? 0 : fraction.length >= 3 ? digits(fraction, 0, 3) : digits(fraction.padEnd(3, '0'), 0, 3);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return { year, month, day, hour, minute, second, fraction, epochMs, zoneAt };
}
