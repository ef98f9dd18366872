/**
 * Pins every fast path of the cleaner's hot loop (issue 15) to the general path it shortcuts: for random inputs built
 * to sit on and around each fast path's boundary, fast result === general result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUtc } from './canonical-timestamp';
import { coerceId, coerceIdGeneral } from './coerce-fields';
import { parseReviewDate, parseReviewDateGeneral } from './fields/review-date';
import { normaliseText, normaliseTextGeneral } from './normalise-text';
import { parseTimestamp, parseTimestampGeneral } from './parse-timestamp';
import { invalidUtf8Kind, wordCount, wordCountGeneral } from './unicode';

/** Seeded PRNG (mulberry32) so a failure can be reproduced from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);
const RUNS = 20_000;
const rand = prng(SEED);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Timestamps: mostly canonical, many off by one field, a digit, a zone or a separator. */
function timestampText(): string {
  const odd = (): boolean => rand() < 0.06;
  const year = odd() ? pick([int(10000), 999, 1000, 9999, 1, 0]) : pick([1995 + int(40), 1000 + int(9000), 1969, 1970]);
  const month = odd() ? pick([0, 13]) : 1 + int(12);
  const day = odd() ? pick([0, 32, 30, 31]) : pick([1 + int(28), 29, 30, 31]);
  const hour = odd() ? 24 : int(24);
  const minute = odd() ? 60 : int(60);
  const second = odd() ? pick([60, -1]) : int(60);
  const seconds = second < 0 ? '' : `:${pad(second, 2)}`;
  const fraction = odd() ? pick(['.', '.1234567890', ',123', '.12a']) : pick(['', `.${String(int(1e9)).slice(0, 1 + int(9))}`, `.${pad(int(1e6), 6)}`]);
  const zone = odd() ? pick(['', 'z', '-00', '+01', '+05:30', ' +00', '+00:0', '+000', 'ZZ', '+00:00:00']) : pick(['Z', '+00', '+00:00', '+0000']);
  const sep = odd() ? pick(['t', '  ', '_']) : pick(['T', ' ']);
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  let text = odd() ? pick([date, `${date}${sep}${pad(hour, 2)}:${pad(minute, 2)}`]) : `${date}${sep}${pad(hour, 2)}:${pad(minute, 2)}${seconds}${fraction}${zone}`;
  if (odd()) text = pick([' ', '\t', '\u00a0', '']) + text + pick([' ', '\n', '\u3000', '']);
  if (odd()) { const i = int(text.length); text = text.slice(0, i) + pick(['x', '0', '-', ':', '\uff11']) + text.slice(i + 1); }
  return text;
}

test('canonicalUtc: the instant Date.parse gives for the forms it accepts', () => {
  for (let i = 0; i < RUNS; i++) {
    const text = timestampText();
    const c = canonicalUtc(text);
    if (c === null) continue;
    assert.equal(c.epochMs, Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}.${(c.fraction + '000').slice(0, 3)}Z`), `${text} (seed ${SEED})`);
  }
});

test('parseTimestamp: canonical fast path === general parser', () => {
  let fast = 0;
  for (let i = 0; i < RUNS; i++) {
    const text = timestampText();
    if (canonicalUtc(text) !== null) fast++;
    assert.deepEqual(parseTimestamp(text), parseTimestampGeneral(text), `${JSON.stringify(text)} (seed ${SEED})`);
  }
  assert.ok(fast > RUNS / 10, `the fast path was taken ${fast} times`);
});

test('parseReviewDate: canonical fast path (no luxon) === general parser, for any floor, zone and date format', () => {
  const floors = [undefined, Date.UTC(1995, 0, 1), -Infinity, Date.UTC(2030, 0, 1), Date.UTC(1000, 0, 1)];
  const options = [{}, { timezone: 'Europe/Paris' }, { dateFormat: 'dmy' }, { dateFormat: 'yyyy-MM-dd HH:mm:ss' }, { epochUnit: 's' as const }];
  let fast = 0;
  for (let i = 0; i < RUNS; i++) {
    const text = timestampText();
    const opts = { ...pick(options), ...(rand() < 0.8 ? { floorMs: pick(floors) } : {}) };
    if (canonicalUtc(text.trim()) !== null) fast++;
    assert.deepEqual(parseReviewDate(text, opts), parseReviewDateGeneral(text, opts), `${JSON.stringify(text)} ${JSON.stringify(opts)} (seed ${SEED})`);
  }
  assert.ok(fast > RUNS / 10, `the fast path was taken ${fast} times`);
});

/** Text around the plain-ASCII boundary: ASCII words and white space, markup, references, controls, non-ASCII. */
function text(): string {
  const parts = ['word', 'Great', "don't", '3.5', '1,000', 'a.b', "x'", ',', '.', "'", ' ', ' ', '  ', '\t', '\n', '\r\n', '\u000b', '\f',
    '<', '<b>', '</p>', '<br/>', '<script>x</script>', '&', '&amp;', '&lt;b&gt;', '&#39;', '&nbsp;', '\u0000', '\u0007', '\u007f', '\u00a0',
    '\u00ad', '\u200b', '\ufeff', 'é', 'e\u0301', 'ünï', '😀', '\ud800', '\ufffd', '这是', 'ไทย', '\u2019', '\u3000', '~', '!', '{', '|'];
  const out: string[] = [];
  const n = int(16);
  for (let i = 0; i < n; i++) out.push(rand() < 0.85 ? pick(parts) : String.fromCharCode(rand() < 0.7 ? int(128) : int(0x10000)));
  return out.join('');
}

test('normaliseText: plain-ASCII fast path === general path', () => {
  for (let i = 0; i < RUNS; i++) {
    const raw = text();
    assert.equal(normaliseText(raw), normaliseTextGeneral(raw), `${JSON.stringify(raw)} (seed ${SEED})`);
  }
});

test('wordCount: ASCII scan === the regular expression / segmenter', () => {
  for (let i = 0; i < RUNS; i++) {
    const raw = text();
    for (const t of [raw, normaliseText(raw)]) assert.equal(wordCount(t), wordCountGeneral(t), `${JSON.stringify(t)} (seed ${SEED})`);
  }
});

test('coerceId: plain-ASCII fast path === general rule', () => {
  for (let i = 0; i < RUNS; i++) {
    const id = pick([() => text().slice(0, 30), () => `s7-r${pad(int(1e10), 10)}`, () => 'x'.repeat(95 + int(10)), () => ` ${text().slice(0, 8)}`]) ();
    assert.deepEqual(coerceId(id), coerceIdGeneral(id), `${JSON.stringify(id)} (seed ${SEED})`);
  }
});

test('invalidUtf8Kind: isWellFormed === /\\p{Cs}/u', () => {
  for (let i = 0; i < RUNS; i++) {
    const t = text();
    const expected = /\p{Cs}/u.test(t) ? 'lone_surrogate' : t.includes('\ufffd') ? 'replacement_character' : null;
    assert.equal(invalidUtf8Kind(t), expected, `${JSON.stringify(t)} (seed ${SEED})`);
  }
});
