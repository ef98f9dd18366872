import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceCount, coerceFlag, coerceId, coerceLanguage, coerceRating, coerceUserHash, describeType } from './coerce-fields';

test('coerceId: strings trimmed, finite numbers and bigints as text, the rest refused', () => {
  assert.deepEqual(coerceId(' r1 '), { ok: true, id: 'r1' });
  assert.deepEqual(coerceId(96001), { ok: true, id: '96001' });
  assert.deepEqual(coerceId(96001n), { ok: true, id: '96001' });
  for (const bad of [null, undefined, '', '  ', NaN, Infinity, {}, [], true, 'x'.repeat(300), 'a\ud800']) assert.equal(coerceId(bad).ok, false);
});

test('coerceRating: integers 1-5 in number, string or bigint form', () => {
  for (const [input, out] of [[4, 4], [4.0, 4], ['4', 4], [' 5 ', 5], ['3.0', 3], [1n, 1], ['+2', 2]] as const) assert.equal(coerceRating(input), out);
  for (const bad of [null, undefined, NaN, 0, 6, 4.5, -1, '4.5', 'abc', '', '4 stars', '0x4', '1e0', true, {}, [4], 9n]) {
    assert.equal(coerceRating(bad), null, String(bad));
  }
});

test('coerceCount: non-negative safe integers, everything else 0', () => {
  for (const [input, out] of [[3, 3], ['7', 7], [0, 0], [12n, 12], ['2.0', 2]] as const) assert.equal(coerceCount(input), out);
  for (const bad of [null, undefined, -1, 1.5, NaN, Infinity, '-3', 'x', {}, 2 ** 60, -4n, 2n ** 64n]) assert.equal(coerceCount(bad), 0, String(bad));
});

test('coerceFlag: PostgreSQL and CSV spellings', () => {
  for (const yes of [true, 1, 't', 'TRUE', ' yes ', 'Y', '1']) assert.equal(coerceFlag(yes), true, String(yes));
  for (const no of [false, 0, 2, 'f', 'false', 'no', '', null, undefined, {}, 'maybe']) assert.equal(coerceFlag(no), false, String(no));
});

test('coerceLanguage: lower-cased BCP 47-like code or null', () => {
  assert.equal(coerceLanguage('EN'), 'en');
  assert.equal(coerceLanguage(' pt_BR '), 'pt-br');
  assert.equal(coerceLanguage('zh-Hant-TW'), 'zh-hant-tw');
  for (const bad of ['', 'english', 'e', 'unknown', '12', null, 3, 'en--us', `en-${'x'.repeat(40)}`]) assert.equal(coerceLanguage(bad), null, String(bad));
});

test('coerceUserHash keeps pseudonyms only', () => {
  assert.equal(coerceUserHash('0123456789abcdef0123456789abcdef'), '0123456789abcdef0123456789abcdef');
  for (const bad of ['jane@example.com', 'Jane Doe', 'AE74DYR3QUGVPZJ3P7RFWBGIX7XQ', '', null, 5]) assert.equal(coerceUserHash(bad), null);
});

test('describeType never echoes the value', () => {
  assert.equal(describeType('secret'), 'string');
  assert.equal(describeType(null), 'null');
  assert.equal(describeType([1]), 'array');
});
