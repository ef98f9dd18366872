/** Unicode helpers for text that came from a database or an HTTP body. */

const LONE_SURROGATE = /\p{Cs}/u;
const REPLACEMENT_CHARACTER = '\uFFFD';
interface WellFormedString { isWellFormed(): boolean }
const hasIsWellFormed = typeof (String.prototype as unknown as Partial<WellFormedString>).isWellFormed === 'function';

/**
 * Why a JS string cannot be (or was not) valid UTF-8, or `null` if it is fine:
 * - `lone_surrogate`: half of a UTF-16 pair, which has no UTF-8 encoding;
 * - `replacement_character`: U+FFFD, the mark a lenient decoder leaves where it met invalid bytes.
 */
export function invalidUtf8Kind(text: string): 'lone_surrogate' | 'replacement_character' | null {
  // isWellFormed (native, ES2024) is false exactly when the string holds an unpaired surrogate (what \p{Cs} matches
  // in a `u` regular expression); the regular expression stays for runtimes without it.
  const wellFormed = hasIsWellFormed ? (text as unknown as WellFormedString).isWellFormed() : !LONE_SURROGATE.test(text);
  if (!wellFormed) return 'lone_surrogate';
  if (text.includes(REPLACEMENT_CHARACTER)) return 'replacement_character';
  return null;
}

/** Length in Unicode code points (an emoji counts 1, not 2). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Count a high surrogate followed by a low one once.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
/** Scripts written without spaces between words: only these need the (slow) dictionary-based segmenter. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** A run of letters/marks/digits, with inner apostrophes ("don't") and inner digit separators ("3.5", "1,000"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019.,][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Number of words: punctuation and emoji are not words, "don't" and "3.5" are one word each.
 * Text in scripts without spaces (Chinese, Japanese, Thai...) is split by Unicode word segmentation
 * (UAX #29 with dictionaries, via Intl.Segmenter); other text by a regular expression that agrees with it on
 * ordinary prose and is about 50 times faster.
 */
export function wordCount(text: string): number {
  return ASCII.test(text) ? asciiWordCount(text) : wordCountGeneral(text);
}

const ASCII = /^[\x00-\x7f]*$/;
/** Whether `c` is an ASCII letter or digit: `[\p{L}\p{M}\p{N}]` restricted to ASCII (ASCII has no marks). */
const isAsciiWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/**
 * `WORD`'s matches counted by a scan, for ASCII text (no unspaced script, no U+2019): runs of letters and digits, joined
 * by a single `'`, `.` or `,` between two of them. Same count as the regular expression (unicode.test.ts pins the two).
 */
function asciiWordCount(text: string): number {
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    if (!isAsciiWordChar(text.charCodeAt(i))) { i++; continue; }
    n++;
    for (;;) {
      while (i < len && isAsciiWordChar(text.charCodeAt(i))) i++;
      const sep = text.charCodeAt(i);
      if ((sep === 39 || sep === 46 || sep === 44) && i + 1 < len && isAsciiWordChar(text.charCodeAt(i + 1))) i++;
      else break;
    }
  }
  return n;
}

/** {@link wordCount} without its ASCII fast path (exported for the test that pins the two together). */
export function wordCountGeneral(text: string): number {
  if (UNSPACED_SCRIPT.test(text)) {
    let n = 0;
    for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) n++;
    return n;
  }
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}
