import type { ExtractedBatch, LoadJob } from './jobs';

/**
 * Fast checks for the two largest job payloads, the ones our own stages produce (issue 15: zod's parse of a 500-row
 * batch cost the loader a fifth of its busy time, for rows the classifier had just built from validated rows).
 *
 * Each check is a precise shortcut, never a second definition of the contract: it returns true only for a payload that
 * the zod schema accepts AND returns unchanged (deep-equal, same key order: the cleaner writes raw rows as JSON text),
 * so a consumer may use the payload itself instead of zod's copy. Anything else (a missing, extra or reordered key, a
 * default to fill in, a value zod would refuse or transform, a hand-written or older payload) returns false and the
 * caller parses with zod as before, whose verdict and error messages stand. exact-payloads.test.ts pins this: for
 * random payloads, a true here implies schema success with deep-equal, same-order output.
 */

const ID = /^[A-Za-z0-9_.-]{1,80}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  // Only ordinary objects: zod's copy of a null-prototype object would have Object.prototype.
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Own enumerable string keys of `value` are exactly `keys`, in that order (what zod's output would have). */
function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) {
    if (keys[i] !== key || !Object.prototype.hasOwnProperty.call(value, key)) return false;
    i++;
  }
  return i === keys.length && Object.getOwnPropertySymbols(value).length === 0;
}

const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const RAW_KEYS = ['reviewId', 'productId', 'userHash', 'title', 'text', 'rating', 'helpfulVotes', 'totalVotes', 'language', 'hasImage', 'hasSubscription', 'verifiedBuyer', 'createdAt', 'updatedAt'] as const;
const PRODUCT_KEYS = ['productId', 'name', 'category', 'brand'] as const;
const BATCH_KEYS = ['runId', 'batchId', 'extractedAt', 'rows', 'products'] as const;

function isExactRawReview(row: unknown): boolean {
  if (!isPlainObject(row) || !hasExactKeys(row, RAW_KEYS)) return false;
  return isStringOrNull(row.userHash) && typeof row.hasImage === 'boolean' && typeof row.hasSubscription === 'boolean'
    && typeof row.verifiedBuyer === 'boolean' && isStringOrNull(row.createdAt) && typeof row.updatedAt === 'string';
}

function isExactProducts(products: unknown): boolean {
  if (!isPlainObject(products)) return false;
  for (const key in products) {
    if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(products, key)) return false;
    const p = products[key];
    if (!isPlainObject(p) || !hasExactKeys(p, PRODUCT_KEYS)) return false;
    if (typeof p.productId !== 'string' || !isStringOrNull(p.name) || !isStringOrNull(p.category) || !isStringOrNull(p.brand)) return false;
  }
  return Object.getOwnPropertySymbols(products).length === 0;
}

/** True only when `ExtractedBatchSchema.safeParse(data)` succeeds and returns data deep-equal to `data` (see above). */
export function isExactExtractedBatch(data: unknown): data is ExtractedBatch {
  if (!isPlainObject(data) || !hasExactKeys(data, BATCH_KEYS)) return false;
  if (typeof data.runId !== 'string' || !ID.test(data.runId) || typeof data.batchId !== 'string' || !ID.test(data.batchId)) return false;
  if (typeof data.extractedAt !== 'string' || !Array.isArray(data.rows) || Object.getPrototypeOf(data.rows) !== Array.prototype) return false;
  for (let i = 0; i < data.rows.length; i++) if (!isExactRawReview(data.rows[i])) return false;
  return isExactProducts(data.products);
}

const CLASSIFIED_KEYS = [
  'reviewId', 'runId', 'productId', 'productName', 'category', 'brand', 'userHash', 'title', 'text', 'rating',
  'helpfulVotes', 'totalVotes', 'language', 'hasImage', 'hasSubscription', 'verifiedBuyer', 'createdAt', 'updatedAt',
  'textLength', 'wordCount',
  'theme', 'confidence', 'themeScores', 'themes', 'sentiment', 'sentimentLabel', 'legacyCategory', 'detectedLanguage',
  'modelId', 'themesVersion', 'relevance',
] as const;
const THEME_KEYS = ['theme', 'score', 'polarity', 'evidence'] as const;
const LOAD_BATCH_KEYS = ['kind', 'runId', 'batchId', 'rows'] as const;
const POLARITIES = new Set(['positive', 'negative', 'mixed']);
const SENTIMENT_LABELS = new Set(['positive', 'negative', 'mixed', 'neutral']);

function isExactScores(scores: unknown): boolean {
  if (!isPlainObject(scores)) return false;
  for (const key in scores) {
    if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(scores, key) || !isNumber(scores[key])) return false;
  }
  return Object.getOwnPropertySymbols(scores).length === 0;
}

function isExactThemes(themes: unknown): boolean {
  if (!Array.isArray(themes) || Object.getPrototypeOf(themes) !== Array.prototype) return false;
  for (let i = 0; i < themes.length; i++) {
    const t: unknown = themes[i];
    if (!isPlainObject(t) || !hasExactKeys(t, THEME_KEYS)) return false;
    if (typeof t.theme !== 'string' || !isNumber(t.score) || t.score < 0 || t.score > 1) return false;
    if (typeof t.polarity !== 'string' || !POLARITIES.has(t.polarity) || !isStringOrNull(t.evidence)) return false;
  }
  return true;
}

function isExactClassifiedReview(row: unknown): boolean {
  if (!isPlainObject(row) || !hasExactKeys(row, CLASSIFIED_KEYS)) return false;
  const r = row;
  return typeof r.reviewId === 'string' && typeof r.runId === 'string' && typeof r.productId === 'string'
    && isStringOrNull(r.productName) && isStringOrNull(r.category) && isStringOrNull(r.brand) && isStringOrNull(r.userHash)
    && isStringOrNull(r.title) && typeof r.text === 'string'
    && typeof r.rating === 'number' && Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5
    && isCount(r.helpfulVotes) && isCount(r.totalVotes) && isStringOrNull(r.language)
    && typeof r.hasImage === 'boolean' && typeof r.hasSubscription === 'boolean' && typeof r.verifiedBuyer === 'boolean'
    && isStringOrNull(r.createdAt) && typeof r.updatedAt === 'string' && isCount(r.textLength) && isCount(r.wordCount)
    && typeof r.theme === 'string' && isNumber(r.confidence) && r.confidence >= 0 && r.confidence <= 1
    && isExactScores(r.themeScores) && isExactThemes(r.themes)
    && (r.sentiment === null || (isNumber(r.sentiment) && r.sentiment >= -1 && r.sentiment <= 1))
    && (r.sentimentLabel === null || (typeof r.sentimentLabel === 'string' && SENTIMENT_LABELS.has(r.sentimentLabel)))
    && isStringOrNull(r.legacyCategory) && isStringOrNull(r.detectedLanguage)
    && typeof r.modelId === 'string' && typeof r.themesVersion === 'string' && isNumber(r.relevance);
}

/**
 * True only when `LoadJobSchema.safeParse(data)` succeeds and returns data deep-equal to `data` (see above). Only
 * batch jobs are checked here; a finalize job (two fields) returns false and zod parses it.
 */
export function isExactLoadJob(data: unknown): data is LoadJob {
  if (!isPlainObject(data) || !hasExactKeys(data, LOAD_BATCH_KEYS) || data.kind !== 'batch') return false;
  if (typeof data.runId !== 'string' || !ID.test(data.runId) || typeof data.batchId !== 'string' || !ID.test(data.batchId)) return false;
  if (!Array.isArray(data.rows) || Object.getPrototypeOf(data.rows) !== Array.prototype) return false;
  for (let i = 0; i < data.rows.length; i++) if (!isExactClassifiedReview(data.rows[i])) return false;
  return true;
}
