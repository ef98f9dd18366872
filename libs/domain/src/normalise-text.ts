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
  return htmlToText(raw).replace(REMOVED, '').normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}
