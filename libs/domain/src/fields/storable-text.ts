/**
 * What a PostgreSQL `text` column (UTF-8) can store. PostgreSQL refuses U+0000 outright ("invalid byte sequence for
 * encoding UTF8: 0x00") and node-postgres silently turns an unpaired UTF-16 surrogate into U+FFFD.
 *
 * The one rule, for every string field of an imported row: NUL characters carry no meaning in a review, a name or
 * an id, so they are dropped; an unpaired surrogate is kept as it is, and the field's own parser rejects the row
 * (`invalid_utf8`, or an invalid id) rather than letting the driver alter it.
 */
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

/** `text` without NUL characters; `null`/`undefined` stay `null`. Total: never throws. */
export function storableText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.includes('\u0000') ? text.replace(NUL, '') : text;
}
