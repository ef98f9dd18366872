import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldReader, firstListItem, parseCount, stableId } from './field-parsers';

describe('field parsers', () => {
  test('ratings: absent is null; present values outside the 1-5 rule set the row aside', () => {
    const f = new FieldReader();
    assert.equal(f.rating('r', '4'), 4);
    assert.equal(f.rating('r', ' 5.0 '), 5);
    assert.equal(f.rating('r', 3), 3);
    assert.equal(f.rating('r', ''), null);
    assert.equal(f.rating('r', undefined), null);
    assert.equal(f.problems.length, 0);
    for (const bad of ['7', '0.0', 0, '4.5', 'four']) assert.equal(f.rating('r', bad), null);
    assert.deepEqual(f.problems.map((p) => p.reason), Array(5).fill('invalid_rating'));
  });

  test('dates: the canonical parser with the import options; absent is null, unreadable is a problem', () => {
    const f = new FieldReader({ timezone: 'Asia/Tokyo' });
    assert.equal(f.date('d', '2017-09-03T00:00:00.000Z'), '2017-09-03T00:00:00.000Z');
    assert.equal(f.date('d', '2017-09-03 10:00:00'), '2017-09-03T01:00:00.000Z');
    assert.equal(f.date('d', 1588687728923), '2020-05-05T14:08:48.923Z');
    assert.equal(f.date('d', 1588687728), '2020-05-05T14:08:48.000Z');
    assert.equal(f.date('d', ''), null);
    assert.equal(f.problems.length, 0);
    assert.equal(f.date('d', 'not a date'), null);
    assert.equal(f.date('d', -1), null);
    assert.deepEqual(f.problems.map((p) => `${p.field}:${p.reason}`), ['d:invalid_date', 'd:invalid_date']);
  });

  test('ids and texts: NUL dropped, padding trimmed, control characters inside refused', () => {
    const f = new FieldReader();
    assert.equal(f.id('p', '\tB00X ', 'missing_product_id'), 'B00X');
    assert.equal(f.id('p', 'B0\u00000X', 'missing_product_id'), 'B00X');
    assert.equal(f.id('p', ' \u200b ', 'missing_product_id'), null, 'invisible-only is absent');
    assert.equal(f.text('t', 'a\u0000b'), 'ab');
    assert.equal(f.text('t', '\u2800'), null);
    assert.equal(f.problems.length, 0);
    assert.equal(f.id('p', 'B0\n0X', 'missing_product_id'), null);
    assert.equal(f.text('t', 'a\ud800'), null);
    assert.deepEqual(f.problems.map((p) => p.reason), ['missing_product_id', 'invalid_utf8']);
  });

  test('counts, lists', () => {
    assert.equal(parseCount('1,234'), 1234);
    assert.equal(parseCount('-3'), 0);
    assert.equal(parseCount(''), 0);
    assert.equal(firstListItem('B00QJDU3KY,B01'), 'B00QJDU3KY');
    assert.equal(firstListItem(' '), null);
  });

  test('stable ids are deterministic', () => {
    assert.equal(stableId('df', 'abc'), stableId('df', 'abc', 0));
    assert.notEqual(stableId('df', 'abc', 0), stableId('df', 'abc', 1));
    assert.match(stableId('df', 'abc'), /^df-[0-9a-f]{24}$/);
  });
});
