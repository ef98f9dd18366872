import type { CleanedReview, ProductInfo, RawReview, RejectReason } from '@reviewlens/contracts';
import { coerceCount, coerceFlag, coerceId, coerceLanguage, coerceRating, coerceUserHash, describeType } from './coerce-fields';
import { normaliseText } from './normalise-text';
import { DEFAULT_REVIEW_DATE_FLOOR_MS, parseReviewDate } from './fields/review-date';
import { hasVisibleText } from './fields/visible-text';
import { parseTimestamp } from './parse-timestamp';
import { codePointLength, invalidUtf8Kind, wordCount } from './unicode';

export interface CleanContext {
  runId: string;
  /** Products of the batch by product id, as the extractor joined them from the source. */
  products: Record<string, ProductInfo>;
  /** Longest accepted text (and title), in code points after normalisation. */
  maxChars: number;
  /** Reference time for the future-date check (the run's time, so a replay judges rows the same way). */
  now: Date;
  /** How far createdAt may lie after `now` (clock skew) before the row is rejected as `future_date`. */
  futureToleranceMs: number;
  /** Earliest accepted createdAt, epoch ms (default 1995-01-01): older dates are rejected as `invalid_date`. */
  dateFloorMs?: number;
  /**
   * Keep a review whose product id is absent from `products` (product fields null) instead of rejecting it as
   * `unknown_product`. Default false: the extractor looks up every product id of the batch, so an absent one is a
   * review pointing at no product row (an orphan), which the cleaned layer must not contain.
   */
  allowUnknownProducts?: boolean;
}

export type CleanResult = { ok: true; row: CleanedReview } | { ok: false; reason: RejectReason; detail: string };

/**
 * A raw text longer than this many times `maxChars` is rejected as `text_too_long` without being parsed:
 * no markup is 100 times heavier than its text, and it bounds the work one hostile row can cause.
 */
export const RAW_TEXT_HARD_LIMIT_FACTOR = 100;

const reject = (reason: RejectReason, detail: string): CleanResult => ({ ok: false, reason, detail });

/** Own property only: an inherited (possibly polluted) `Object.prototype.text` must never be read as data. */
function own(row: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, key) ? (row as Record<string, unknown>)[key] : undefined;
}

export type TextResult = { ok: true; text: string | null } | { ok: false; reason: RejectReason; detail: string };

/**
 * THE text rule (review text and title; cleaner and importer): the value normalised by `normaliseText`, or why it
 * is refused. "Empty" means no visible character (`hasVisibleText`: white space, default-ignorable and format
 * characters, fillers such as U+3164, blank-rendering symbols such as U+2800 do not count): a `required` field
 * (the text) is then rejected (`empty_review_raw` when the raw value already had nothing visible,
 * `empty_after_cleaning` when only markup had), an optional one (the title) becomes null. Also rejected:
 * non-strings (`invalid_type`), unpaired surrogates or U+FFFD (`invalid_utf8`), more than `maxChars` code points
 * after normalisation (`text_too_long`). Pass `maxChars: Infinity` to skip the length check (the importer: the
 * limit is the cleaner's configuration).
 */
export function parseReviewText(value: unknown, field: 'text' | 'title', required: boolean, maxChars: number): TextResult {
  return cleanTextField(value, field, required, maxChars);
}

function cleanTextField(value: unknown, field: 'text' | 'title', required: boolean, maxChars: number): TextResult {
  const badUtf8 = typeof value === 'string' ? invalidUtf8Kind(value) : null;
  if (badUtf8 !== null) return { ok: false, reason: 'invalid_utf8', detail: `${field} contains a ${badUtf8.replace('_', ' ')}` };
  if (value === null || value === undefined || (typeof value === 'string' && !hasVisibleText(value))) {
    return required ? { ok: false, reason: 'empty_review_raw', detail: `${field} is empty` } : { ok: true, text: null };
  }
  if (typeof value !== 'string') return { ok: false, reason: 'invalid_type', detail: `${field} has type ${describeType(value)}` };
  if (value.length > Math.max(maxChars, 1) * RAW_TEXT_HARD_LIMIT_FACTOR) {
    return { ok: false, reason: 'text_too_long', detail: `${field} has ${value.length} raw characters, over the hard limit` };
  }
  const text = normaliseText(value);
  if (!hasVisibleText(text)) {
    return required ? { ok: false, reason: 'empty_after_cleaning', detail: `${field} is empty after cleaning` } : { ok: true, text: null };
  }
  const length = codePointLength(text);
  if (length > maxChars) return { ok: false, reason: 'text_too_long', detail: `${field} has ${length} characters, over ${maxChars}` };
  return { ok: true, text };
}

function productField(product: unknown, key: keyof ProductInfo): string | null {
  if (typeof product !== 'object' || product === null) return null;
  const value = own(product, key);
  return typeof value === 'string' ? value : null;
}

function cleanReviewUnsafe(raw: unknown, ctx: CleanContext): CleanResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject('invalid_type', `row has type ${describeType(raw)}`);

  const reviewId = coerceId(own(raw, 'reviewId'));
  if (!reviewId.ok) return reject('missing_review_id', `reviewId ${reviewId.detail}`);
  const productId = coerceId(own(raw, 'productId'));
  if (!productId.ok) return reject('missing_product_id', `productId ${productId.detail}`);
  const product = own(ctx.products, productId.id);
  if (product === undefined && !ctx.allowUnknownProducts) return reject('unknown_product', 'productId is not in the batch products');

  const rawRating = own(raw, 'rating');
  const rating = coerceRating(rawRating);
  if (rating === null) return reject('invalid_rating', `rating is not an integer 1-5 (type ${describeType(rawRating)})`);

  const text = cleanTextField(own(raw, 'text'), 'text', true, ctx.maxChars);
  if (!text.ok) return text;
  const title = cleanTextField(own(raw, 'title'), 'title', false, ctx.maxChars);
  if (!title.ok) return title;

  const updatedAt = own(raw, 'updatedAt');
  if (typeof updatedAt !== 'string') return reject('invalid_date', `updatedAt has type ${describeType(updatedAt)}`);
  if (parseTimestamp(updatedAt) === null) return reject('invalid_date', 'updatedAt is not a timestamp');
  const rawCreatedAt = own(raw, 'createdAt');
  let createdAt: string | null = null;
  if (rawCreatedAt !== null && rawCreatedAt !== undefined) {
    if (typeof rawCreatedAt !== 'string') return reject('invalid_date', `createdAt has type ${describeType(rawCreatedAt)}`);
    const parsed = parseReviewDate(rawCreatedAt, { floorMs: ctx.dateFloorMs ?? DEFAULT_REVIEW_DATE_FLOOR_MS });
    if (!parsed.ok) return reject('invalid_date', `createdAt: ${parsed.detail}`);
    if (parsed.epochMs !== null) {
      const latest = ctx.now.getTime() + ctx.futureToleranceMs;
      if (parsed.epochMs > latest) return reject('future_date', `createdAt is ${parsed.epochMs - ctx.now.getTime()} ms after now`);
      createdAt = parsed.iso;
    }
  }

  const helpfulVotes = coerceCount(own(raw, 'helpfulVotes'));
  const totalVotes = Math.max(coerceCount(own(raw, 'totalVotes')), helpfulVotes);
  const body = text.text as string;

  return {
    ok: true,
    row: {
      reviewId: reviewId.id,
      runId: ctx.runId,
      productId: productId.id,
      productName: productField(product, 'name'),
      category: productField(product, 'category'),
      brand: productField(product, 'brand'),
      userHash: coerceUserHash(own(raw, 'userHash')),
      title: title.text,
      text: body,
      rating,
      helpfulVotes,
      totalVotes,
      language: coerceLanguage(own(raw, 'language')),
      hasImage: coerceFlag(own(raw, 'hasImage')),
      hasSubscription: coerceFlag(own(raw, 'hasSubscription')),
      verifiedBuyer: coerceFlag(own(raw, 'verifiedBuyer')),
      createdAt,
      updatedAt,
      textLength: codePointLength(body),
      wordCount: wordCount(body),
    },
  };
}

/**
 * Validates, normalises and enriches one raw review, or says why it is rejected (first failing check wins,
 * in this order: row shape, review id, product id, product known, rating, text, title, dates).
 * Total: never throws, whatever `raw` holds (wrong types, getters that throw, proxies, polluted keys).
 */
export function cleanReview(raw: RawReview, ctx: CleanContext): CleanResult {
  try {
    return cleanReviewUnsafe(raw, ctx);
  } catch {
    // Nothing of the thrown value is touched: it may itself be hostile (a proxy, a throwing getter).
    return reject('invalid_type', 'row could not be read');
  }
}
