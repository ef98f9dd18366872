import { htmlToText } from './html-to-text';

/**
 * Characters removed outright: C0/C1 controls except tab, line feed, vertical tab, form feed and carriage return, DEL, and invisible format characters that carry
 * no meaning in a review (zero-width space, BOM/zero-width no-break space, word joiner, soft hyphen,
 * bidirectional embeddings/overrides/isolates). ZWJ/ZWNJ stay: emoji sequences and several scripts need them.
 */
// eslint-disable-next-line no-control-regex
const REMOVED = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;
const WHITESPACE_RUN = /\s+/g;

/**
 * Review text as stored in the cleaned layer: HTML converted to text (script/style contents dropped,
 * character references decoded), control and invisible format characters removed, Unicode NFC,
 * every run of whitespace (including NBSP, line and paragraph separators) turned into one space, trimmed.
 * Character references are decoded exactly once: "&lt;b&gt;" becomes the literal text "<b>", which a second pass
 * would treat as a tag. So apply it once, to raw source text.
 */
export function normaliseText(raw: string): string {
  // Fast path: printable ASCII and the white-space controls (tab to carriage return), without `<` or `&`, has no markup
  // and no character reference, nothing to remove and is already NFC: only the white space is left to collapse.
  // Same result as the general path (normalise-text.test.ts pins the two together).
  if (PLAIN_ASCII.test(raw)) return MULTI_SPACE.test(raw) ? raw.replace(WHITESPACE_RUN, ' ').trim() : raw.trim();
  return normaliseTextGeneral(raw);
}

const PLAIN_ASCII = /^[\t-\r\x20-\x25\x27-\x3b\x3d-\x7e]*$/;
/** White space other than single spaces: what `WHITESPACE_RUN` would change inside plain ASCII text. */
const MULTI_SPACE = /[\t-\r]| {2}/;

/** {@link normaliseText} without its plain-ASCII fast path (exported for the test that pins the two together). */
export function normaliseTextGeneral(raw: string): string {
  return htmlToText(raw).replace(REMOVED, '').normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}
