/**
 * "Visible" text: whether a string has at least one character a reader can see.
 *
 * A code point is invisible when it is any of:
 * - white space (`White_Space`: spaces of every width, NBSP, line/paragraph separators, ideographic space);
 * - a Unicode default-ignorable code point (`Default_Ignorable_Code_Point`: zero-width characters, joiners, bidi
 *   marks and controls, variation selectors, tag characters, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
 *   Khmer inherent vowels, Mongolian free variation selectors, ...);
 * - a control (`Cc`), format (`Cf`) or unpaired surrogate (`Cs`) code point;
 * - a combining mark (`M`) with nothing to combine with: marks alone render as nothing (or a dotted circle);
 * - a symbol drawn as a blank glyph: U+2800 BRAILLE PATTERN BLANK, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD,
 *   U+FFFC OBJECT REPLACEMENT CHARACTER (a placeholder for an object that is not there).
 * Everything else (letters, digits, punctuation, symbols, emoji, private-use characters) is visible.
 */
export const INVISIBLE_CODE_POINT =
  /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Cs}\p{M}\u2800\u{1D159}\uFFFC]/u;

const ALL_INVISIBLE = new RegExp(`^${INVISIBLE_CODE_POINT.source}*$`, 'u');
/** Padding around a value: invisible code points except combining marks (a mark ends "cafe\u0301"). */
const PADDING = '[\\p{White_Space}\\p{Default_Ignorable_Code_Point}\\p{Cc}\\p{Cf}\\u2800]';
const EDGE_INVISIBLE = new RegExp(`^${PADDING}+|${PADDING}+$`, 'gu');

/** True when `text` has at least one visible character (see {@link INVISIBLE_CODE_POINT}). */
export function hasVisibleText(text: string): boolean {
  return !ALL_INVISIBLE.test(text);
}

/**
 * `text` without its leading and trailing invisible characters other than combining marks (the identifier and "blank" rule's trim: a tab, an
 * NBSP or a zero-width space around an id is padding, never part of it). Inner characters are untouched.
 */
export function trimInvisible(text: string): string {
  return text.replace(EDGE_INVISIBLE, '');
}

/** `null` for absent or invisible-only values, else the value as text (untrimmed): the importer's "blank cell" rule. */
export function visibleOrNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value);
  return hasVisibleText(text) ? text : null;
}
