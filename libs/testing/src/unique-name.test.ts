import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from './unique-name';

const BUCKET_SAFE = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

test('uniqueName gives distinct lowercase bucket-safe names', () => {
  const names = new Set(Array.from({ length: 2000 }, () => uniqueName('My Queue:Test')));
  assert.equal(names.size, 2000);
  for (const name of names) {
    assert.match(name, BUCKET_SAFE);
    assert.ok(name.startsWith('my-queue-test-'), name);
  }
});

test('uniqueName starts with a letter and stays within 63 characters for any prefix', () => {
  for (const prefix of ['', '123', '---', 'x'.repeat(200), 'Ünïcode/../..']) {
    const name = uniqueName(prefix);
    assert.match(name, BUCKET_SAFE, `prefix ${JSON.stringify(prefix)} gave ${name}`);
    assert.ok(name.length <= 63);
  }
});

test('uniqueName with separator _ gives a plain SQL identifier', () => {
  const name = uniqueName('reviews-table', { separator: '_' });
  assert.match(name, /^reviews_table_[a-z0-9]+_[a-z0-9]+$/);
});
