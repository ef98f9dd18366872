import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSourceMapping, parseSourceMapping, SourceMappingError } from './load-source-mapping';
import { DEFAULT_SOURCE_MAPPING } from './source-mapping';

describe('source mapping', () => {
  test('no file means the default mapping', () => {
    assert.deepEqual(loadSourceMapping(undefined), DEFAULT_SOURCE_MAPPING);
  });

  test('a file overrides only what it names', () => {
    const m = parseSourceMapping({ schema: 'legacy', review: { table: 'reviews', columns: { text: 'body', language: null } } });
    assert.equal(m.schema, 'legacy');
    assert.equal(m.review.table, 'reviews');
    assert.equal(m.review.columns.text, 'body');
    assert.equal(m.review.columns.language, null);
    assert.equal(m.review.columns.rating, 'rating');
    assert.deepEqual(m.product, DEFAULT_SOURCE_MAPPING.product);
  });

  test('null removes an optional table', () => {
    const m = parseSourceMapping({ reviewImages: null, orders: { table: 'purchases' } });
    assert.equal(m.reviewImages, null);
    assert.deepEqual(m.orders, { table: 'purchases', columns: { buyerId: 'buyer_id', productId: 'p_id' } });
  });

  test('unknown keys, bad identifiers and null required columns are clear errors', () => {
    assert.throws(() => parseSourceMapping({ review: { colums: {} } }), (e: unknown) =>
      e instanceof SourceMappingError && /review: Unrecognized key\(s\) in object: 'colums'/.test(e.message));
    assert.throws(() => parseSourceMapping({ product: { table: '' } }), /product\.table: identifier must not be empty/);
    assert.throws(() => parseSourceMapping({ review: { columns: { updatedAt: null } } }), /review\.columns\.updatedAt/);
    assert.throws(() => parseSourceMapping({ review: { table: 42 } }), /review\.table: Expected string, received number/);
  });

  test('file errors name the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{ not json');
      assert.throws(() => loadSourceMapping(bad), (e: unknown) => e instanceof SourceMappingError && e.message.includes(bad) && /not valid JSON/.test(e.message));
      assert.throws(() => loadSourceMapping(join(dir, 'missing.json')), /cannot read file/);
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ productReviews: { columns: { productId: 'product_id' } } }));
      assert.equal(loadSourceMapping(good).productReviews.columns.productId, 'product_id');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
