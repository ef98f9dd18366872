import { decodeHtmlEntities } from './html-entities';

/**
 * HTML to plain text, following the HTML tokenizer's rules where they matter for review text:
 * - a `<` starts markup only before a letter, `/`+letter, `!` or `?` (so "I <3 it" and "5 < 6" stay text);
 * - tags are skipped whole, quoted attribute values may contain `>`; a tag still open at the end of input is dropped;
 * - the contents of script, style and other raw-text elements are dropped up to their end tag (or to the end of input);
 * - comments, doctypes, CDATA and processing instructions are dropped (an unterminated comment runs to the end);
 * - block-level tags and `<br>` become a space, inline tags (b, i, span, a...) join their neighbours;
 * - character references are decoded in text (not inside tags).
 * Whitespace is not collapsed here; {@link normaliseText} does that.
 */

const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'noembed', 'noframes', 'xmp', 'textarea', 'title', 'head']);

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html',
  'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'option', 'select', 'button', 'input',
]);

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isTagNameEnd = (ch: string): boolean => ch === '' || ch === '>' || ch === '/' || /\s/.test(ch);

/** Index just after the `>` closing a tag that starts at `from` (inside the tag), or `input.length` if unterminated. */
function skipTag(input: string, from: number): number {
  let quote = '';
  for (let i = from; i < input.length; i++) {
    const ch = input[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '>') {
      return i + 1;
    } else if ((ch === '"' || ch === "'") && /[=\s]/.test(input[i - 1] ?? '')) {
      // A quote opens a value only after `=` (or whitespace before it, as in `a = "x"`).
      quote = ch;
    }
  }
  return input.length;
}

function readTagName(input: string, from: number): { name: string; end: number } {
  let end = from;
  while (end < input.length && !isTagNameEnd(input[end])) end++;
  return { name: input.slice(from, end).toLowerCase(), end };
}

/** Index after the end tag `</name ...>` of a raw-text element, or `input.length` if there is none. */
function skipRawText(input: string, name: string, from: number): number {
  // `name` is one of RAW_TEXT_ELEMENTS (plain ASCII), so it is safe inside a RegExp.
  const endTag = new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi');
  endTag.lastIndex = from;
  const found = endTag.exec(input);
  return found ? skipTag(input, found.index + 2 + name.length) : input.length;
}

export function htmlToText(input: string): string {
  if (!input.includes('<')) return decodeHtmlEntities(input);
  const out: string[] = [];
  let textStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (end > textStart) out.push(decodeHtmlEntities(input.slice(textStart, end)));
  };
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) break;
    const next = input.charCodeAt(lt + 1);
    const nextCh = input[lt + 1] ?? '';
    if (isAsciiLetter(next)) {
      flush(lt);
      const { name, end } = readTagName(input, lt + 1);
      let after = skipTag(input, end);
      if (BLOCK_ELEMENTS.has(name)) out.push(' ');
      if (RAW_TEXT_ELEMENTS.has(name) && input[after - 1] === '>' && input[after - 2] !== '/') {
        after = skipRawText(input, name, after);
        out.push(' ');
      }
      i = textStart = after;
    } else if (nextCh === '/' && isAsciiLetter(input.charCodeAt(lt + 2))) {
      flush(lt);
      const { name, end } = readTagName(input, lt + 2);
      if (BLOCK_ELEMENTS.has(name)) out.push(' ');
      i = textStart = skipTag(input, end);
    } else if (input.startsWith('<!--', lt)) {
      flush(lt);
      const close = input.indexOf('-->', lt + 4);
      i = textStart = close < 0 ? input.length : close + 3;
    } else if (nextCh === '!' || nextCh === '?' || nextCh === '/') {
      // Doctype, CDATA, bogus comment, processing instruction, `</>` or `</ 3`: dropped up to the next `>`.
      flush(lt);
      const close = input.indexOf('>', lt + 1);
      i = textStart = close < 0 ? input.length : close + 1;
    } else {
      i = lt + 1; // a literal "<"
    }
  }
  flush(input.length);
  return out.join('');
}
