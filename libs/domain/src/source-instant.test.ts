import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secondsBetween, sourceInstant, sourceInstantIso } from './source-instant';

test('source updatedAt text becomes an ISO instant (µs truncated, zone honoured)', () => {
  assert.deepEqual(sourceInstant('2024-05-01T12:00:00.123456Z'), { iso: '2024-05-01T12:00:00.123Z', epochMs: Date.UTC(2024, 4, 1, 12, 0, 0, 123) });
  assert.equal(sourceInstantIso('2024-05-01 14:00:00.5+02'), '2024-05-01T12:00:00.500Z');
  assert.equal(sourceInstantIso('2024-05-01 12:00:00'), '2024-05-01T12:00:00.000Z', 'zone-less is UTC');
  assert.equal(sourceInstantIso('1970-01-02T00:00:00Z'), '1970-01-02T00:00:00.000Z', 'no review-date floor: any source instant');
});

test('absent or unreadable text is null, never an exception', () => {
  for (const bad of [null, undefined, '', '   ', 'yesterday', '2024-02-30T00:00:00Z', {}, []]) {
    assert.equal(sourceInstantIso(bad), null, String(bad));
  }
});

test('secondsBetween: to − from in seconds with millisecond precision, signed', () => {
  assert.equal(secondsBetween(1_000, 62_500), 61.5);
  assert.equal(secondsBetween(5_000, 4_000), -1);
  assert.equal(secondsBetween(0, 0), 0);
});
