import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanedReviewSchema, type RejectReason } from '@reviewlens/contracts';
import { cleanReview, type CleanResult } from './clean-review';
import { cleanContext, rawReview } from './raw-review.fixture';

function expectReject(result: CleanResult, reason: RejectReason): void {
  assert.equal(result.ok, false, `expected ${reason}, got a cleaned row`);
  if (!result.ok) assert.equal(result.reason, reason, result.detail);
}
function expectRow(result: CleanResult) {
  if (!result.ok) assert.fail(`unexpected reject ${result.reason}: ${result.detail}`);
  return result.row;
}

describe('cleanReview: valid rows', () => {
  test('normalises, enriches and satisfies the CleanedReview schema', () => {
    const row = expectRow(
      cleanReview(
        rawReview({ reviewId: 96001, text: '<p>Works&nbsp;well &amp; fast.</p><script>x()</script>', title: '  <b>Nice</b> ', rating: '4' }),
        cleanContext(),
      ),
    );
    assert.deepEqual(CleanedReviewSchema.parse(row), row);
    assert.equal(row.reviewId, '96001');
    assert.equal(row.runId, 'run-1');
    assert.equal(row.text, 'Works well & fast.');
    assert.equal(row.title, 'Nice');
    assert.equal(row.rating, 4);
    assert.equal(row.productName, 'Kettle');
    assert.equal(row.category, 'kitchen');
    assert.equal(row.brand, 'Acme');
    assert.equal(row.textLength, 18);
    assert.equal(row.wordCount, 3);
    assert.equal(row.createdAt, '2024-01-02T03:04:05.123Z');
    assert.equal(row.updatedAt, '2024-01-03 00:00:00.000001+00', 'updatedAt is kept as the original text');
  });

  test('ratings as 4.0 and " 5 " are accepted and normalised', () => {
    assert.equal(expectRow(cleanReview(rawReview({ rating: 4.0 }), cleanContext())).rating, 4);
    assert.equal(expectRow(cleanReview(rawReview({ rating: ' 5 ' }), cleanContext())).rating, 5);
  });

  test('votes: invalid become 0, totalVotes raised to helpfulVotes', () => {
    const a = expectRow(cleanReview(rawReview({ helpfulVotes: '5', totalVotes: 2 }), cleanContext()));
    assert.deepEqual([a.helpfulVotes, a.totalVotes], [5, 5]);
    const b = expectRow(cleanReview(rawReview({ helpfulVotes: -3, totalVotes: 'x' }), cleanContext()));
    assert.deepEqual([b.helpfulVotes, b.totalVotes], [0, 0]);
    const c = expectRow(cleanReview(rawReview({ helpfulVotes: null, totalVotes: 9 }), cleanContext()));
    assert.deepEqual([c.helpfulVotes, c.totalVotes], [0, 9]);
  });

  test('language lower-cased or null; title null when empty; createdAt may be null', () => {
    const row = expectRow(cleanReview(rawReview({ language: 'FR', title: '<br>', createdAt: null }), cleanContext()));
    assert.equal(row.language, 'fr');
    assert.equal(row.title, null);
    assert.equal(row.createdAt, null);
    assert.equal(expectRow(cleanReview(rawReview({ language: 'unknown' }), cleanContext())).language, null);
  });

  test('a userHash that is not a pseudonym is dropped', () => {
    assert.equal(expectRow(cleanReview(rawReview({ userHash: 'jane@example.com' }), cleanContext())).userHash, null);
  });

  test('flags from PostgreSQL text are read', () => {
    const row = expectRow(cleanReview(rawReview({ hasImage: 't', verifiedBuyer: 'f', hasSubscription: 1 }), cleanContext()));
    assert.deepEqual([row.hasImage, row.verifiedBuyer, row.hasSubscription], [true, false, true]);
  });

  test('a product without name, category or brand enriches with nulls', () => {
    const row = expectRow(cleanReview(rawReview({ productId: 'p2' }), cleanContext()));
    assert.deepEqual([row.productName, row.category, row.brand], [null, null, null]);
  });

  test('allowUnknownProducts keeps a review whose product is not in the map', () => {
    const row = expectRow(cleanReview(rawReview({ productId: 'p404' }), cleanContext({ allowUnknownProducts: true })));
    assert.equal(row.productId, 'p404');
    assert.equal(row.productName, null);
  });

  test('createdAt within the future tolerance is accepted', () => {
    const row = expectRow(cleanReview(rawReview({ createdAt: '2024-06-01 12:00:00+00' }), cleanContext()));
    assert.equal(row.createdAt, '2024-06-01T12:00:00.000Z');
  });

  test('text exactly maxChars code points long (emoji count 1) is accepted', () => {
    const text = '😀'.repeat(200);
    assert.equal(expectRow(cleanReview(rawReview({ text }), cleanContext({ maxChars: 200 }))).textLength, 200);
  });
});

describe('cleanReview: rejects', () => {
  const cases: [string, Record<string, unknown>, RejectReason][] = [
    ['missing review id', { reviewId: null }, 'missing_review_id'],
    ['blank review id', { reviewId: '  ' }, 'missing_review_id'],
    ['NaN review id', { reviewId: NaN }, 'missing_review_id'],
    ['object review id', { reviewId: { id: 1 } }, 'missing_review_id'],
    ['missing product id', { productId: undefined }, 'missing_product_id'],
    ['unknown product', { productId: 'p404' }, 'unknown_product'],
    ['product id inherited from Object.prototype', { productId: 'constructor' }, 'unknown_product'],
    ['product id __proto__', { productId: '__proto__' }, 'unknown_product'],
    ['null rating', { rating: null }, 'invalid_rating'],
    ['NaN rating', { rating: NaN }, 'invalid_rating'],
    ['rating 0', { rating: 0 }, 'invalid_rating'],
    ['rating 6', { rating: 6 }, 'invalid_rating'],
    ['rating 4.5', { rating: 4.5 }, 'invalid_rating'],
    ['rating "abc"', { rating: 'abc' }, 'invalid_rating'],
    ['rating array', { rating: [4] }, 'invalid_rating'],
    ['rating object', { rating: { valueOf: () => 4 } }, 'invalid_rating'],
    ['null text', { text: null }, 'empty_review_raw'],
    ['undefined text', { text: undefined }, 'empty_review_raw'],
    ['whitespace text', { text: ' \n\t ' }, 'empty_review_raw'],
    ['number text', { text: 42 }, 'invalid_type'],
    ['object text', { text: { html: 'x' } }, 'invalid_type'],
    ['array title', { title: ['x'] }, 'invalid_type'],
    ['lone surrogate', { text: 'good \ud83d product' }, 'invalid_utf8'],
    ['replacement char', { text: 'caf\ufffd' }, 'invalid_utf8'],
    ['lone surrogate in title', { title: '\udc00' }, 'invalid_utf8'],
    ['markup only', { text: '<p>&nbsp;</p><script>alert(1)</script>' }, 'empty_after_cleaning'],
    ['too long after cleaning', { text: 'a'.repeat(201) }, 'text_too_long'],
    ['title too long', { title: 'b'.repeat(201) }, 'text_too_long'],
    ['huge raw text', { text: 'x'.repeat(200 * 100 + 1) }, 'text_too_long'],
    ['unparseable createdAt', { createdAt: 'yesterday' }, 'invalid_date'],
    ['impossible createdAt', { createdAt: '2024-02-30 00:00:00+00' }, 'invalid_date'],
    ['numeric createdAt', { createdAt: 1704164645 }, 'invalid_date'],
    ['unparseable updatedAt', { updatedAt: 'soon' }, 'invalid_date'],
    ['missing updatedAt', { updatedAt: undefined }, 'invalid_date'],
    ['future createdAt', { createdAt: '2024-06-02 00:00:01+00' }, 'future_date'],
  ];
  for (const [name, overrides, reason] of cases) {
    test(`${name} -> ${reason}`, () => expectReject(cleanReview(rawReview(overrides), cleanContext()), reason));
  }

  test('markup does not count towards the length limit', () => {
    const text = `<div class="${'x'.repeat(500)}">${'a'.repeat(200)}</div>`;
    assert.equal(expectRow(cleanReview(rawReview({ text }), cleanContext({ maxChars: 200 }))).textLength, 200);
  });

  test('a non-object row is invalid_type', () => {
    for (const raw of [null, undefined, 'row', 42, [1, 2]]) expectReject(cleanReview(raw as never, cleanContext()), 'invalid_type');
  });

  test('a row whose getters throw is invalid_type, not an exception', () => {
    const raw = rawReview();
    Object.defineProperty(raw, 'text', { get: () => { throw new Error('boom'); }, enumerable: true });
    expectReject(cleanReview(raw, cleanContext()), 'invalid_type');
  });

  test('reject details never contain the text itself', () => {
    const result = cleanReview(rawReview({ text: 'secret-words '.repeat(30) }), cleanContext());
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(!result.detail.includes('secret'));
  });

  test('inherited (polluted) fields are not read as data', () => {
    const raw = rawReview();
    delete (raw as Record<string, unknown>).text;
    (Object.prototype as Record<string, unknown>).text = 'polluted text';
    try {
      expectReject(cleanReview(raw, cleanContext()), 'empty_review_raw');
    } finally {
      delete (Object.prototype as Record<string, unknown>).text;
    }
  });
});
