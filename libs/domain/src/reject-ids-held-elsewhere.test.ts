import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanBatch, rejectIdsHeldElsewhere } from './clean-batch';
import { cleanContext, rawReview } from './raw-review.fixture';

test('cleaned rows remember the raw row they came from', () => {
  const rows = [rawReview({ reviewId: ' a ' }), rawReview({ reviewId: 'b', rating: 9 }), rawReview({ reviewId: 'c' })];
  const out = cleanBatch(rows, cleanContext());
  assert.deepEqual(out.cleaned.map((r) => r.reviewId), ['a', 'c']);
  assert.deepEqual(out.cleanedFrom, [rows[0], rows[2]]);
});

test('ids held by another batch move to the rejects as duplicate_review_id, with their raw row', () => {
  const rows = [rawReview({ reviewId: ' a ' }), rawReview({ reviewId: 'b', rating: 9 }), rawReview({ reviewId: 'c' }), rawReview({ reviewId: 'd' })];
  const cleaned = cleanBatch(rows, cleanContext());
  const out = rejectIdsHeldElsewhere(cleaned, new Set(['a', 'd', 'not-in-batch']));
  assert.deepEqual(out.cleaned.map((r) => r.reviewId), ['c']);
  assert.deepEqual(out.cleanedFrom, [rows[2]]);
  assert.deepEqual(out.rejects.map((r) => [r.row, r.reason]), [[rows[1], 'invalid_rating'], [rows[0], 'duplicate_review_id'], [rows[3], 'duplicate_review_id']]);
  assert.match(out.rejects[1]!.detail, /review id a was accepted by another batch/);
  assert.equal(out.rejectedByReason.duplicate_review_id, 2);
  assert.equal(out.rejectedByReason.invalid_rating, 1);
  assert.equal(out.cleaned.length + out.rejects.length, rows.length, 'no row lost or counted twice');
  assert.deepEqual(cleaned.cleaned.map((r) => r.reviewId), ['a', 'c', 'd'], 'the input result is unchanged');
  assert.equal(cleaned.rejectedByReason.duplicate_review_id, 0);
});

test('nothing held elsewhere returns the result as it was', () => {
  const cleaned = cleanBatch([rawReview({ reviewId: 'a' })], cleanContext());
  assert.equal(rejectIdsHeldElsewhere(cleaned, new Set()), cleaned);
});
