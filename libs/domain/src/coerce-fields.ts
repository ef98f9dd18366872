import { storableText } from './fields/storable-text';
import { trimInvisible } from './fields/visible-text';
import { invalidUtf8Kind } from './unicode';

/**
 * Coercion of loose source values (whatever the driver, a CSV or a JSON body produced) into typed fields.
 * Every function is total: it returns a value or a failure description and never throws.
 */

/**
 * Longest identifier accepted, in UTF-16 code units, after normalisation. Review and product ids are keys in MongoDB,
 * S3 paths and URLs: the api serves product ids up to this length (its path parameter check uses this constant),
 * so every id the pipeline accepts can be served.
 */
export const MAX_ID_LENGTH = 100;

export type IdResult = { ok: true; id: string } | { ok: false; detail: string };

/**
 * THE identifier rule (review, product and buyer ids), applied by the importer, the extractor, the cleaner and the
 * api alike: a string, or a finite number / bigint (as decimal text). Strings lose their NUL characters (as every
 * stored string, see `storableText`) and their leading/trailing padding: white space of any kind (tab, NBSP,
 * ideographic space) and invisible format characters (zero-width space, BOM, bidi marks). Refused: blank ids, ids
 * with a control character inside (a tab or line break in the middle), unpaired surrogates or U+FFFD, and ids longer
 * than {@link MAX_ID_LENGTH}. Case and inner characters are kept exactly (`B00X` and `b00x` stay distinct).
 */
export function coerceId(value: unknown): IdResult {
  if (value === null || value === undefined) return { ok: false, detail: `is ${value}` };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, id: String(value) } : { ok: false, detail: `is ${value}` };
  }
  if (typeof value === 'bigint') return { ok: true, id: value.toString() };
  if (typeof value !== 'string') return { ok: false, detail: `has type ${describeType(value)}` };
  // Fast path: printable ASCII without padding has nothing to strip, no control character and no bad UTF-16, so only
  // the length check is left (same result as below: coerce-fields.test.ts pins the two together).
  if (PLAIN_ASCII_ID.test(value)) {
    return value.length > MAX_ID_LENGTH ? { ok: false, detail: `is longer than ${MAX_ID_LENGTH} characters` } : { ok: true, id: value };
  }
  return coerceIdGeneral(value);
}

/** Printable ASCII, neither starting nor ending with a space. */
const PLAIN_ASCII_ID = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** {@link coerceId} without its plain-ASCII fast path (exported for the test that pins the two together). */
export function coerceIdGeneral(value: unknown): IdResult {
  if (value === null || value === undefined) return { ok: false, detail: `is ${value}` };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, id: String(value) } : { ok: false, detail: `is ${value}` };
  }
  if (typeof value === 'bigint') return { ok: true, id: value.toString() };
  if (typeof value !== 'string') return { ok: false, detail: `has type ${describeType(value)}` };
  const id = trimInvisible(storableText(value) as string);
  if (id.length === 0) return { ok: false, detail: 'is blank' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return { ok: false, detail: 'contains a control character' };
  if (id.length > MAX_ID_LENGTH) return { ok: false, detail: `is longer than ${MAX_ID_LENGTH} characters` };
  if (invalidUtf8Kind(id) !== null) return { ok: false, detail: 'is not valid UTF-8' };
  return { ok: true, id };
}

/**
 * THE rating rule (importer and cleaner): an integer 1-5 from a number (4, 4.0), a numeric string ("4", " 4.0 ") or
 * a bigint; anything else (0, 0.0, 4.5, 7, "four", absent) is null, which both stages reject as `invalid_rating`.
 */
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
 * THE language rule (importer and cleaner): a language code, lower-cased, `_` turned into `-`: "EN" -> "en", "pt_BR" -> "pt-br", "zh-Hant-TW" -> "zh-hant-tw".
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
