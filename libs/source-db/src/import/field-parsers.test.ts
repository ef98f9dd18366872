import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstListItem, OccurrenceCounter, parseCount, parseRating, parseTimestamp, stableId } from './field-parsers';

describe('field parsers', () => {
  test('ratings: integral values only, anything else null', () => {
    assert.equal(parseRating('4'), 4);
    assert.equal(parseRating(' 5.0 '), 5);
    assert.equal(parseRating(3), 3);
    assert.equal(parseRating('7'), 7, 'out-of-range values are kept: the cleaner rejects them');
    assert.equal(parseRating(''), null);
    assert.equal(parseRating(undefined), null);
    assert.equal(parseRating('4.5'), null);
    assert.equal(parseRating('four'), null);
  });

  test('counts, timestamps, lists', () => {
    assert.equal(parseCount('1,234'), 1234);
    assert.equal(parseCount('-3'), 0);
    assert.equal(parseCount(''), 0);
    assert.equal(parseTimestamp('2017-09-03T00:00:00.000Z'), '2017-09-03T00:00:00.000Z');
    assert.equal(parseTimestamp(1588687728923), '2020-05-05T14:08:48.923Z');
    assert.equal(parseTimestamp('not a date'), null);
    assert.equal(firstListItem('B00QJDU3KY,B01'), 'B00QJDU3KY');
    assert.equal(firstListItem(' '), null);
  });

  test('stable ids are deterministic and separate identical rows by occurrence', () => {
    assert.equal(stableId('df', 'abc'), stableId('df', 'abc', 0));
    assert.notEqual(stableId('df', 'abc', 0), stableId('df', 'abc', 1));
    assert.match(stableId('df', 'abc'), /^df-[0-9a-f]{24}$/);
    const counter = new OccurrenceCounter();
    assert.deepEqual(['a', 'b', 'a', 'a'].map((k) => counter.next(k)), [0, 0, 1, 2]);
  });
});
