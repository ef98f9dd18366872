import { canonicalUtc } from './canonical-timestamp';

/**
 * Strict parser for timestamps as PostgreSQL prints them (`2024-01-02 03:04:05.123456+00`, `+05:30`, no zone)
 * and for ISO 8601 (`2024-01-02T03:04:05.123Z`, `2024-01-02`). Unlike `Date.parse` it accepts no locale formats,
 * rejects impossible dates (Feb 30, hour 24) and keeps the sub-millisecond digits for ordering.
 * A timestamp without a zone is read as UTC (the source's `timestamp without time zone` columns hold UTC).
 * `infinity`, BC dates and years outside 0001-9999 are invalid.
 */
export interface ParsedTimestamp {
  /** Milliseconds since the Unix epoch (UTC), fraction truncated. */
  epochMs: number;
  /** Nanoseconds below the millisecond (0-999999), from the fraction's 4th-9th digits. */
  subMsNanos: number;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(?:(Z)|([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)?$/i;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (year: number, month: number): number =>
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];

export function parseTimestamp(text: string): ParsedTimestamp | null {
  if (typeof text !== 'string') return null;
  // Fast path for the canonical UTC form (what the source and the extractor write); the same result as below.
  const canonical = canonicalUtc(text);
  if (canonical !== null) return { epochMs: canonical.epochMs, subMsNanos: canonical.fraction.length > 3 ? Number(canonical.fraction.slice(3).padEnd(6, '0')) : 0 };
  return parseTimestampGeneral(text);
}

/** {@link parseTimestamp} without its canonical-form fast path (exported for the test that pins the two together). */
export function parseTimestampGeneral(text: string): ParsedTimestamp | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const [oh, om, os] = [Number(m[10]), Number(m[11] ?? 0), Number(m[12] ?? 0)];
    if (oh > 15 || om > 59 || os > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om + os / 60);
  }
  const fraction = (m[7] ?? '').padEnd(9, '0');
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3)));
  const epochMs = date.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(epochMs)) return null;
  return { epochMs: Math.floor(epochMs), subMsNanos: Number(fraction.slice(3)) };
}

/** Orders two parsed timestamps (negative if `a` is earlier), down to the nanosecond. */
export function compareTimestamps(a: ParsedTimestamp, b: ParsedTimestamp): number {
  return a.epochMs !== b.epochMs ? a.epochMs - b.epochMs : a.subMsNanos - b.subMsNanos;
}
