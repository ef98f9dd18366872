import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { qualifiedName, quoteIdent } from './identifiers';

describe('quoteIdent', () => {
  test('double-quotes names and doubles embedded quotes', () => {
    assert.equal(quoteIdent('review'), '"review"');
    assert.equal(quoteIdent('Review Text'), '"Review Text"');
    assert.equal(quoteIdent('x"; DROP TABLE review; --'), '"x""; DROP TABLE review; --"');
  });

  test('rejects empty, NUL and over-long names', () => {
    assert.throws(() => quoteIdent(''), /must not be empty/);
    assert.throws(() => quoteIdent('a\u0000b'), /NUL/);
    assert.throws(() => quoteIdent('x'.repeat(64)), /at most 63 bytes/);
    assert.equal(quoteIdent('x'.repeat(63)).length, 65);
  });

  test('qualifies with a schema only when given', () => {
    assert.equal(qualifiedName('review', null), '"review"');
    assert.equal(qualifiedName('review', 'legacy'), '"legacy"."review"');
  });
});
