import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, invalidUtf8Kind, wordCount } from './unicode';

test('detects lone surrogates and replacement characters, accepts proper pairs', () => {
  assert.equal(invalidUtf8Kind('ok 😀'), null);
  assert.equal(invalidUtf8Kind('bad \ud83d'), 'lone_surrogate');
  assert.equal(invalidUtf8Kind('\ude00 bad'), 'lone_surrogate');
  assert.equal(invalidUtf8Kind('bad \ufffd decode'), 'replacement_character');
  assert.equal(invalidUtf8Kind(Buffer.from([0x61, 0xff, 0x62]).toString('utf8')), 'replacement_character');
});

test('codePointLength counts code points', () => {
  assert.equal(codePointLength(''), 0);
  assert.equal(codePointLength('abc'), 3);
  assert.equal(codePointLength('a😀b'), 3);
  assert.equal(codePointLength('\ud83d'), 1);
  assert.equal(codePointLength('a😀b'), [...'a😀b'].length);
});

test('wordCount ignores punctuation and emoji, segments unspaced scripts', () => {
  assert.equal(wordCount("Don't stop - it's great!!! 👍"), 4);
  assert.equal(wordCount(''), 0);
  assert.equal(wordCount('...'), 0);
  assert.ok(wordCount('这是一个很好的产品') >= 3);
});
