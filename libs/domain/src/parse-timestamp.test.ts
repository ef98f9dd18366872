import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareTimestamps, parseTimestamp } from './parse-timestamp';

test('parses PostgreSQL text timestamps with microseconds and offsets', () => {
  assert.deepEqual(parseTimestamp('2024-01-02 03:04:05.123456+00'), { epochMs: Date.UTC(2024, 0, 2, 3, 4, 5, 123), subMsNanos: 456_000 });
  assert.equal(parseTimestamp('2024-01-02 05:34:05+05:30')?.epochMs, Date.UTC(2024, 0, 2, 0, 4, 5));
  assert.equal(parseTimestamp('2024-01-02 03:04:05-08')?.epochMs, Date.UTC(2024, 0, 2, 11, 4, 5));
  assert.equal(parseTimestamp('2024-01-02 03:04:05')?.epochMs, Date.UTC(2024, 0, 2, 3, 4, 5), 'no zone = UTC');
});

test('parses ISO 8601 forms', () => {
  assert.equal(parseTimestamp('2024-01-02T03:04:05.1Z')?.epochMs, Date.UTC(2024, 0, 2, 3, 4, 5, 100));
  assert.equal(parseTimestamp('2024-01-02T03:04Z')?.epochMs, Date.UTC(2024, 0, 2, 3, 4));
  assert.equal(parseTimestamp('2024-01-02')?.epochMs, Date.UTC(2024, 0, 2));
  assert.equal(parseTimestamp('2024-02-29T00:00:00+0100')?.epochMs, Date.UTC(2024, 1, 28, 23));
});

test('keeps years below 100 as they are', () => {
  assert.equal(new Date(parseTimestamp('0050-06-01 00:00:00+00')?.epochMs ?? NaN).getUTCFullYear(), 50);
});

test('rejects impossible or foreign formats', () => {
  for (const bad of [
    '', 'abc', 'infinity', '-infinity', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-02 24:00:00',
    '2024-01-02 23:60:00', '0000-01-01', '2024-01-02 03:04:05+16', '01/02/2024', 'Tue, 02 Jan 2024 03:04:05 GMT',
    '2024-01-02 03:04:05 BC', '1704164645', `2024-01-02 03:04:05.${'1'.repeat(100)}`,
  ]) {
    assert.equal(parseTimestamp(bad), null, bad);
  }
  assert.equal(parseTimestamp(42 as unknown as string), null);
});

test('orders down to the microsecond', () => {
  const a = parseTimestamp('2024-01-02 03:04:05.123456+00')!;
  const b = parseTimestamp('2024-01-02 03:04:05.123457+00')!;
  assert.ok(compareTimestamps(a, b) < 0);
  assert.ok(compareTimestamps(b, a) > 0);
  assert.equal(compareTimestamps(a, parseTimestamp('2024-01-02T03:04:05.123456Z')!), 0);
});
