import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, parseAge } from './age';

describe('parseAge', () => {
  test('a number and a unit, or ISO 8601', () => {
    assert.equal(parseAge('30d'), 30 * 86_400_000);
    assert.equal(parseAge('12h'), 12 * 3_600_000);
    assert.equal(parseAge('90m'), 90 * 60_000);
    assert.equal(parseAge('45s'), 45_000);
    assert.equal(parseAge('2w'), 14 * 86_400_000);
    assert.equal(parseAge(' 1.5h '), 5_400_000);
    assert.equal(parseAge('P30D'), 30 * 86_400_000);
    assert.equal(parseAge('PT12H'), 12 * 3_600_000);
  });
  test('refuses what is not a positive, fixed-length age', () => {
    for (const bad of ['', '30', 'd', '30 days', '-1d', '0d', 'P1M', 'P1Y', 'Pnonsense', '1y']) assert.throws(() => parseAge(bad), Error, bad);
  });
  test('formatAge picks the largest unit that divides', () => {
    assert.equal(formatAge(30 * 86_400_000), '30d');
    assert.equal(formatAge(12 * 3_600_000), '12h');
    assert.equal(formatAge(14 * 86_400_000), '2w');
    assert.equal(formatAge(1_500), '1500ms');
  });
});
