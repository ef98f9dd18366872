import { createHash } from 'node:crypto';
import {
  coerceId,
  coerceLanguage,
  coerceRating,
  invalidUtf8Kind,
  parseReviewDate,
  storableText,
  visibleOrNull,
  type ReviewDateOptions,
} from '@reviewlens/domain';
import type { ImportProblem } from './import.types';

/**
 * Field parsing for imported rows. Every function applies the canonical rule of `@reviewlens/domain` for its field
 * (the same the cleaner applies), and every string that reaches the database goes through `storableText` (NUL
 * dropped). The import rule on top of it: an ABSENT value (missing, blank, invisible-only) is stored as NULL and the
 * pipeline decides (a review without text or rating is rejected by the cleaner); a PRESENT value the rule refuses
 * (an unreadable or ambiguous date, a rating of 0 or 4.5, an id with a control character inside) sets the row aside
 * with the field and the reason, so nothing is guessed and nothing is silently dropped.
 */
export class FieldReader {
  readonly problems: ImportProblem[] = [];

  constructor(readonly dates: ReviewDateOptions = {}) {}

  private problem(field: string, reason: ImportProblem['reason'], detail: string): null {
    this.problems.push({ field, reason, detail });
    return null;
  }

  /** Free text stored as is (NUL dropped), or null when absent/invisible; an unpaired surrogate sets the row aside. */
  text(field: string, value: unknown): string | null {
    const text = visibleOrNull(value);
    if (text === null) return null;
    const bad = invalidUtf8Kind(text);
    if (bad !== null) return this.problem(field, 'invalid_utf8', `${field} contains a ${bad.replace('_', ' ')}`);
    return storableText(text);
  }

  /** An identifier by the canonical rule (`coerceId`: NUL and padding dropped), null when absent. */
  id(field: string, value: unknown, reason: ImportProblem['reason']): string | null {
    if (visibleOrNull(value) === null && typeof value !== 'number') return null;
    const id = coerceId(value);
    return id.ok ? id.id : this.problem(field, reason, `${field} ${id.detail}`);
  }

  /** A rating 1-5 (`coerceRating`), null when absent; a present value outside the rule sets the row aside. */
  rating(field: string, value: unknown): number | null {
    if (value === null || value === undefined || (typeof value === 'string' && visibleOrNull(value) === null)) return null;
    const rating = coerceRating(value);
    return rating ?? this.problem(field, 'invalid_rating', `${field} ${JSON.stringify(String(value)).slice(0, 40)} is not an integer 1-5`);
  }

  /** A review date (`parseReviewDate` with the import's zone/format/unit/floor), ISO UTC, null when absent. */
  date(field: string, value: unknown): string | null {
    const date = parseReviewDate(typeof value === 'string' ? storableText(value) : value, this.dates);
    return date.ok ? date.iso : this.problem(field, 'invalid_date', `${field}: ${date.detail}`);
  }

  /** A language code (`coerceLanguage`), null when absent or not a language tag. */
  language(value: unknown): string | null {
    return coerceLanguage(value);
  }
}

/** Empty, whitespace-only or invisible-only cells are absent values; others are returned as they are. */
export function blankToNull(value: unknown): string | null {
  return visibleOrNull(value);
}

/** Non-negative integer count (helpful votes); absent or malformed counts are 0. */
export function parseCount(value: unknown): number {
  const text = blankToNull(value);
  if (text === null) return 0;
  const n = Number(text.trim().replace(/,/g, ''));
  return Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : 0;
}

/** First element of a comma-separated list ("B00QJDU3KY,B01..." -> "B00QJDU3KY"), as given (not yet an id). */
export function firstListItem(value: unknown): string | null {
  const text = blankToNull(value);
  if (text === null) return null;
  return blankToNull(text.split(',')[0]);
}

/** Short digest identifying a source row's content (sha256 of the JSON of `values`, 32 hex). */
export function rowDigest(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
}

/**
 * Deterministic id from a source row: `<prefix>-<first 24 hex of sha256(key, occurrence)>`. Imports use
 * occurrence 0 only (a file row that repeats a review is a duplicate, not a second review); the parameter stays so
 * ids written by earlier versions (which numbered identical rows) keep their meaning.
 */
export function stableId(prefix: string, key: string, occurrence = 0): string {
  const hash = createHash('sha256').update(key).update('\u0000').update(String(occurrence)).digest('hex');
  return `${prefix}-${hash.slice(0, 24)}`;
}
