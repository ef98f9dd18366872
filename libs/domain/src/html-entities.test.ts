import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHtmlEntities } from './html-entities';

test('decodes named references of the common and Latin-1 sets', () => {
  assert.equal(decodeHtmlEntities('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;'), 'a & b <c> "d" \'e\'');
  assert.equal(decodeHtmlEntities('caf&eacute; &nbsp;&copy;&hellip;&euro;&yuml;'), 'café \u00a0©…€ÿ');
});

test('decodes decimal and hex references, with or without the semicolon', () => {
  assert.equal(decodeHtmlEntities('&#39;&#x27;&#X1F600;&#65'), "''😀A");
});

test('maps 0x80-0x9F numeric references through Windows-1252 as browsers do', () => {
  assert.equal(decodeHtmlEntities('it&#146;s &#150; &#128;'), 'it’s – €');
});

test('drops references that are not Unicode scalar values', () => {
  assert.equal(decodeHtmlEntities('[&#0;][&#xD800;][&#x110000;][&#99999999999;]'), '[][][][]');
});

test('leaves unknown or unterminated named references as text', () => {
  assert.equal(decodeHtmlEntities('AT&T, R&D, &foo; &amp'), 'AT&T, R&D, &foo; &amp');
});

test('decodes once (no double decoding)', () => {
  assert.equal(decodeHtmlEntities('&amp;lt;'), '&lt;');
});
