import { invalidUtf8Kind } from './unicode';

/**
 * Coercion of loose source values (whatever the driver, a CSV or a JSON body produced) into typed fields.
 * Every function is total: it returns a value or a failure description and never throws.
 */

/** Longest identifier accepted (review and product ids are keys in MongoDB, S3 paths and URLs). */
export const MAX_ID_LENGTH = 256;

export type IdResult = { ok: true; id: string } | { ok: false; detail: string };

/** A non-blank string (trimmed) or a finite number / bigint (as decimal text). */
export function coerceId(value: unknown): IdResult {
  if (value === null || value === undefined) return { ok: false, detail: `is ${value}` };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, id: String(value) } : { ok: false, detail: `is ${value}` };
  }
  if (typeof value === 'bigint') return { ok: true, id: value.toString() };
  if (typeof value !== 'string') return { ok: false, detail: `has type ${describeType(value)}` };
  const id = value.trim();
  if (id.length === 0) return { ok: false, detail: 'is blank' };
  if (id.length > MAX_ID_LENGTH) return { ok: false, detail: `is longer than ${MAX_ID_LENGTH} characters` };
  if (invalidUtf8Kind(id) !== null) return { ok: false, detail: 'is not valid UTF-8' };
  return { ok: true, id };
}

/** An integer rating 1-5: numbers (4, 4.0), numeric strings ("4", " 4.0 ") and bigints; anything else is null. */
export function coerceRating(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = value >= 1n && value <= 5n ? Number(value) : NaN;
  else if (typeof value === 'string' && /^\s*\+?\d{1,3}(?:\.0*)?\s*$/.test(value)) n = Number(value);
  else return null;
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

/** A non-negative safe integer count (number, bigint or digit string); anything else is 0. */
export function coerceCount(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : NaN;
  else if (typeof value === 'string' && /^\s*\+?\d{1,15}(?:\.0*)?\s*$/.test(value)) n = Number(value);
  else return 0;
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/**
 * A flag from a boolean, 1/0, or the texts PostgreSQL and CSVs use (t/f, true/false, yes/no, y/n, 1/0).
 * Anything else is false: a flag grants ranking credit, so it must be positively set.
 */
export function coerceFlag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return /^\s*(?:t|true|y|yes|1)\s*$/i.test(value);
  return false;
}

/**
 * A language code, lower-cased, `_` turned into `-`: "EN" -> "en", "pt_BR" -> "pt-br", "zh-Hant-TW" -> "zh-hant-tw".
 * Must look like a BCP 47 tag (2-3 letter primary subtag); anything else (including "unknown", "") is null.
 */
export function coerceLanguage(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 35) return null;
  const code = value.trim().toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(code) ? code : null;
}

/** A pseudonym as the extractor writes it (16-64 lower-case hex chars); anything else is dropped to null,
 * so a raw username or e-mail that slipped through the extractor never reaches the cleaned layer. */
export function coerceUserHash(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f]{16,64}$/.test(value) ? value : null;
}

/** Short type description for reject details (never the value itself: it may be huge or personal). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
