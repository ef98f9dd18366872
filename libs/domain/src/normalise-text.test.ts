import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseText } from './normalise-text';

test('collapses all whitespace (tabs, newlines, NBSP, ideographic space) and trims', () => {
  assert.equal(normaliseText('  a\t\tb\r\n\nc\u00a0\u00a0d\u3000e\u2028f  '), 'a b c d e f');
});

test('removes control and invisible format characters but keeps ZWJ emoji sequences', () => {
  assert.equal(normaliseText('a\u0000b\u0007c\u009fd\u200be\ufefff\u202eg\u00adh'), 'abcdefgh');
  const family = '👨\u200d👩\u200d👧';
  assert.equal(normaliseText(` ${family} `), family);
});

test('applies Unicode NFC', () => {
  const decomposed = 'cafe\u0301';
  const out = normaliseText(decomposed);
  assert.equal(out, 'caf\u00e9');
  assert.equal(out.length, 4);
});

test('strips HTML and decodes entities before collapsing', () => {
  assert.equal(normaliseText('<p>Great&nbsp;&nbsp;value</p>\n<script>x()</script><p>Would buy &amp; recommend</p>'), 'Great value Would buy & recommend');
});

test('markup-only or whitespace-only input becomes empty', () => {
  assert.equal(normaliseText('<br/><p> &nbsp; </p><!-- -->'), '');
  assert.equal(normaliseText('\u200b\ufeff'), '');
});
