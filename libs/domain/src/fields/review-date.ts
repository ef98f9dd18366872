import { DateTime } from 'luxon';
import { canonicalUtc } from '../canonical-timestamp';

/**
 * The one parser for review dates (the importer's date columns and the cleaner's `createdAt`).
 *
 * Accepted, and nothing else:
 * - ISO 8601 calendar dates with an optional time: `2017-09-03T10:00:00Z`, `2017-09-03T10:00:00.123+02:00`,
 *   PostgreSQL's `2017-09-03 10:00:00.123456+00`, `2017-09-03 10:00`, `2017-09-03`. A value with a zone (`Z` or an
 *   offset) is that instant. A zone-less value is a wall-clock time in `timezone` (default UTC). Fractions beyond
 *   milliseconds are truncated.
 * - Numeric epochs (a JSON number or a string of digits) in `epochUnit`, or, when no unit is given, a unit detected
 *   from the magnitude: |n| < 1e11 is seconds, 1e11 <= |n| < 1e14 is milliseconds, larger values are refused (unit
 *   unknown). The rule is unambiguous for every date after the floor: any date from 1995 to 5138 is < 1e11 in
 *   seconds, and every date after 1973 is >= 1e11 in milliseconds.
 * - Day/month dates (`03/09/2017`, `3.9.2017 10:00`) only when `dateFormat` says the order (`dmy` or `mdy`), or any
 *   luxon format string (`dd/MM/yyyy HH:mm`); without it such a date is refused as ambiguous, even `31/12/2017`: the
 *   order is a property of the file, not of one row.
 * Refused: impossible dates (30 February, hour 24), week and ordinal dates, time-only values, month names (give a
 * `dateFormat`), dates before `floor` (default 1995-01-01T00:00:00Z: before online reviews; catches negative and
 * year-1 epochs) and after 9999-12-31.
 *
 * The machine's time zone (`TZ`) is never read: every parse names its zone.
 */
export interface ReviewDateOptions {
  /** IANA zone (or `UTC`, `UTC+2`) in which zone-less values are read; default `UTC`. */
  timezone?: string;
  /** `dmy`, `mdy`, or a luxon format string; default none (day/month dates refused). */
  dateFormat?: string;
  /** Unit of numeric epochs; default detected from the magnitude (see above). */
  epochUnit?: 's' | 'ms';
  /** Earliest accepted instant, epoch milliseconds; default {@link DEFAULT_REVIEW_DATE_FLOOR_MS}. */
  floorMs?: number;
}

export type ReviewDateResult =
  | { ok: true; /** ISO 8601 UTC with milliseconds (`2017-09-03T10:00:00.000Z`), or null for an absent value. */ iso: string | null; epochMs: number | null }
  | { ok: false; reason: 'invalid_date'; detail: string };

/** 1995-01-01T00:00:00Z: no online review is older. */
export const DEFAULT_REVIEW_DATE_FLOOR = '1995-01-01T00:00:00Z';
export const DEFAULT_REVIEW_DATE_FLOOR_MS = Date.UTC(1995, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const ISO =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const EPOCH = /^[+-]?\d{1,20}$/;

const invalid = (detail: string): ReviewDateResult => ({ ok: false, reason: 'invalid_date', detail });

/**
 * Checks the options once (a CLI calls it before reading a file). Throws an Error naming the bad option:
 * an unknown zone, an empty format, a floor that is not a finite number.
 */
export function checkReviewDateOptions(options: ReviewDateOptions): void {
  if (options.timezone !== undefined && !DateTime.fromObject({}, { zone: options.timezone }).isValid) {
    throw new Error(`unknown time zone ${JSON.stringify(options.timezone)} (use an IANA name such as Europe/Paris, or UTC)`);
  }
  if (options.dateFormat !== undefined && options.dateFormat.trim() === '') throw new Error('date format must not be empty');
  if (options.epochUnit !== undefined && options.epochUnit !== 's' && options.epochUnit !== 'ms') {
    throw new Error(`epoch unit must be s or ms, got ${JSON.stringify(options.epochUnit)}`);
  }
  if (options.floorMs !== undefined && !Number.isFinite(options.floorMs)) throw new Error('date floor must be a date');
}

/** The floor option from text (`1995-01-01`, an ISO date-time): epoch ms. Throws on an unreadable value. */
export function parseDateFloor(text: string): number {
  const parsed = parseReviewDate(text, { floorMs: -Infinity });
  if (!parsed.ok || parsed.epochMs === null) throw new Error(`date floor ${JSON.stringify(text)} is not an ISO 8601 date`);
  return parsed.epochMs;
}

function bounded(ms: number, floorMs: number, shown: string): ReviewDateResult {
  if (!Number.isFinite(ms)) return invalid(`${shown} is not a representable date`);
  if (ms < floorMs) return invalid(`${shown} is before ${new Date(floorMs).toISOString().slice(0, 10)}`);
  if (ms > LATEST_MS) return invalid(`${shown} is after 9999-12-31`);
  return { ok: true, iso: new Date(ms).toISOString(), epochMs: ms };
}

function fromEpoch(n: number, unit: 's' | 'ms' | undefined, floorMs: number): ReviewDateResult {
  if (!Number.isFinite(n)) return invalid('epoch is not a finite number');
  let detected = unit;
  if (detected === undefined) {
    const magnitude = Math.abs(n);
    if (magnitude < 1e11) detected = 's';
    else if (magnitude < 1e14) detected = 'ms';
    else return invalid(`epoch ${n} has an unknown unit (over 1e14: not seconds or milliseconds; pass the unit)`);
  }
  const ms = Math.floor(detected === 's' ? n * 1000 : n);
  return bounded(ms, floorMs, `epoch ${n} (${detected === 's' ? 'seconds' : 'milliseconds'})`);
}

/** Wall-clock components in `zone` (or with their own offset) to a result, with luxon's reason when invalid. */
function fromLuxon(dt: DateTime, floorMs: number, shown: string): ReviewDateResult {
  if (!dt.isValid) return invalid(`${shown} is not a valid date (${dt.invalidExplanation ?? dt.invalidReason ?? 'invalid'})`);
  return bounded(dt.toMillis(), floorMs, shown);
}

/**
 * Parses one review date. Absent values (`null`, `undefined`, blank text) are `{ ok: true, iso: null }`: the
 * caller decides whether a date is required. Total: never throws (bad options are checked by
 * {@link checkReviewDateOptions}; an unusable zone makes every zone-less value invalid).
 */
export function parseReviewDate(value: unknown, options: ReviewDateOptions = {}): ReviewDateResult {
  // Fast path (ADR 0003, amendment): the canonical UTC form the source and the extractor write, read without luxon.
  // Taken only when no custom format could claim the text first and the instant is within the accepted range; every
  // other value, valid or not, goes through the general path below (same result: canonical-timestamp.test.ts).
  if (typeof value === 'string' && (options.dateFormat === undefined || options.dateFormat === 'dmy' || options.dateFormat === 'mdy')) {
    const text = value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32) ? value.trim() : value;
    const canonical = canonicalUtc(text);
    if (canonical !== null && canonical.epochMs >= (options.floorMs ?? DEFAULT_REVIEW_DATE_FLOOR_MS) && canonical.epochMs <= LATEST_MS) {
      return { ok: true, iso: canonicalIso(text, canonical.fraction), epochMs: canonical.epochMs };
    }
  }
  return parseReviewDateGeneral(value, options);
}

/**
 * `new Date(epochMs).toISOString()` of a canonical UTC timestamp, from its own digits: year 1000-9999 (4 digits),
 * milliseconds = the fraction's first 3 digits, zero-padded.
 */
function canonicalIso(text: string, fraction: string): string {
  const ms = fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}

/** {@link parseReviewDate} without its canonical-form fast path (exported for the test that pins the two together). */
export function parseReviewDateGeneral(value: unknown, options: ReviewDateOptions = {}): ReviewDateResult {
  const floorMs = options.floorMs ?? DEFAULT_REVIEW_DATE_FLOOR_MS;
  const zone = options.timezone ?? 'UTC';
  if (value === null || value === undefined) return { ok: true, iso: null, epochMs: null };
  if (typeof value === 'number' || typeof value === 'bigint') return fromEpoch(Number(value), options.epochUnit, floorMs);
  if (typeof value !== 'string') return invalid(`date has type ${Array.isArray(value) ? 'array' : typeof value}`);
  const text = value.trim();
  if (text === '') return { ok: true, iso: null, epochMs: null };
  if (text.length > 64) return invalid('date is longer than 64 characters');
  const shown = JSON.stringify(text);

  if (EPOCH.test(text)) return fromEpoch(Number(text), options.epochUnit, floorMs);

  const format = options.dateFormat;
  if (format !== undefined && format !== 'dmy' && format !== 'mdy') {
    const custom = DateTime.fromFormat(text, format, { zone, setZone: true });
    if (custom.isValid) return fromLuxon(custom, floorMs, shown);
    // Not in the given format: ISO values are still read below.
  }

  const iso = ISO.exec(text);
  if (iso) {
    const [, date, time, fraction, offset] = iso;
    if (time !== undefined && Number(time.slice(0, 2)) > 23) return invalid(`${shown} has hour ${time.slice(0, 2)}`);
    if (offset !== undefined && /^[+-]/.test(offset) && (Number(offset.slice(1, 3)) > 15 || Number(offset.replace(':', '').slice(3) || 0) > 59)) {
      return invalid(`${shown} has an impossible zone offset`);
    }
    const normalised = `${date}${time ? `T${time}${fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : ''}` : ''}${offset ?? ''}`;
    const dt = offset ? DateTime.fromISO(normalised, { setZone: true }) : DateTime.fromISO(normalised, { zone });
    return fromLuxon(dt, floorMs, shown);
  }

  const dm = DAY_MONTH.exec(text);
  if (dm) {
    if (format !== 'dmy' && format !== 'mdy') {
      return invalid(`${shown} has no known day/month order (pass --date-format dmy or mdy)`);
    }
    const [a, b, year, hour, minute, second] = dm.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
    const [day, month] = format === 'dmy' ? [a, b] : [b, a];
    return fromLuxon(DateTime.fromObject({ year, month, day, hour, minute, second }, { zone }), floorMs, shown);
  }
  return invalid(`${shown} is not an ISO 8601 date${format ? ` nor in the format ${format}` : ''}`);
}
