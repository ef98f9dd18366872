import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareByRelevance, topReviews, type RankableReview } from './rank';

const r = (reviewId: string, relevance: number, over: Partial<RankableReview> = {}): RankableReview => ({
  reviewId, relevance, theme: 'product quality', rating: 4, language: 'en', ...over,
});

test('sorts by relevance descending with review id as tie-break', () => {
  const rows = [r('b', 0.5), r('a', 0.5), r('c', 0.9), r('d', 0.1)];
  assert.deepEqual(topReviews(rows, { limit: 10 }).map((x) => x.reviewId), ['c', 'a', 'b', 'd']);
  assert.deepEqual(topReviews(rows, { limit: 2 }).map((x) => x.reviewId), ['c', 'a']);
});

test('result does not depend on input order', () => {
  const rows = Array.from({ length: 200 }, (_, i) => r(`id${i}`, Math.round(((i * 37) % 11) / 2) / 5));
  const expected = topReviews(rows, { limit: 15 }).map((x) => x.reviewId);
  for (let shuffle = 0; shuffle < 10; shuffle++) {
    const copy = [...rows].sort(() => Math.random() - 0.5);
    assert.deepEqual(topReviews(copy, { limit: 15 }).map((x) => x.reviewId), expected);
  }
  assert.deepEqual(expected, [...rows].sort(compareByRelevance).slice(0, 15).map((x) => x.reviewId));
});

test('filters by theme, minimum rating and language (primary subtag matches regions)', () => {
  const rows = [
    r('1', 0.9, { theme: 'delivery issue' }),
    r('2', 0.8, { rating: 2 }),
    r('3', 0.7, { language: 'en-GB' }),
    r('4', 0.6, { language: 'fr' }),
    r('5', 0.5, { language: null }),
    r('6', 0.4, { language: 'eng' }),
  ];
  assert.deepEqual(topReviews(rows, { limit: 10, theme: 'delivery issue' }).map((x) => x.reviewId), ['1']);
  assert.deepEqual(topReviews(rows, { limit: 10, minRating: 3 }).map((x) => x.reviewId), ['1', '3', '4', '5', '6']);
  assert.deepEqual(topReviews(rows, { limit: 10, language: 'EN' }).map((x) => x.reviewId), ['1', '2', '3']);
  assert.deepEqual(topReviews(rows, { limit: 10, language: 'en_gb' }).map((x) => x.reviewId), ['3']);
});

test('NaN relevance sorts last, deterministically', () => {
  const rows = [r('b', NaN), r('a', NaN), r('c', 0)];
  assert.deepEqual(topReviews(rows, { limit: 3 }).map((x) => x.reviewId), ['c', 'a', 'b']);
});

test('limit 0 gives nothing; generic over richer rows', () => {
  assert.deepEqual(topReviews([r('a', 1)], { limit: 0 }), []);
  const rich = [{ ...r('a', 1), text: 'hello' }];
  assert.equal(topReviews(rich, { limit: 1 })[0].text, 'hello');
});

test('theme filter: any detected theme of a multi-label row, the top theme of a single-label one; polarity with theme', () => {
  const rows = [
    r('1', 0.9, { theme: 'quality', sentiment: 0.2, themes: [{ theme: 'quality', polarity: 'positive' }, { theme: 'packaging', polarity: 'negative' }] }),
    r('2', 0.8, { theme: 'packaging', sentiment: -0.5, themes: [{ theme: 'packaging', polarity: 'mixed' }] }),
    r('3', 0.7, { theme: 'packaging', sentiment: 0.1, themes: [] }),
    r('4', 0.6, { theme: 'packaging' }),
  ];
  assert.deepEqual(topReviews(rows, { limit: 10, theme: 'packaging' }).map((x) => x.reviewId), ['1', '2', '4'],
    'a second detected theme counts; a multi-label row whose top theme was not detected does not; a single-label row matches its top theme');
  assert.deepEqual(topReviews(rows, { limit: 10, theme: 'packaging', polarity: 'negative' }).map((x) => x.reviewId), ['1']);
  assert.deepEqual(topReviews(rows, { limit: 10, theme: 'packaging', polarity: 'mixed' }).map((x) => x.reviewId), ['2']);
  assert.deepEqual(topReviews(rows, { limit: 10, theme: 'quality', polarity: 'negative' }).map((x) => x.reviewId), []);
  assert.throws(() => topReviews(rows, { limit: 10, polarity: 'positive' }), /needs a theme/);
});
