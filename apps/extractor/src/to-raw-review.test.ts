import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawReviewSchema } from '@reviewlens/contracts';
import type { SourceReviewRow } from '@reviewlens/source-db';
import { batchIdFor, toProductMap, toRawReview } from './to-raw-review';

const row: SourceReviewRow = {
  reviewId: 'r1', buyerId: 'buyer-42', productId: 'p1', title: 'Nice', text: 'Works well', rating: 5, helpfulVotes: 3,
  totalVotes: 4, language: 'en', createdAt: '2024-01-01 00:00:00.000001+00', updatedAt: '2024-01-02 00:00:00.123456+00',
  hasImage: true, hasSubscription: false, verifiedBuyer: true,
};

test('the buyer id is replaced by a salted hash and never published', () => {
  const a = toRawReview(row, 'salt-number-one-xxxx');
  const b = toRawReview(row, 'salt-number-two-xxxx');
  assert.match(a.userHash ?? '', /^[0-9a-f]{32}$/);
  assert.notEqual(a.userHash, b.userHash);
  assert.equal(toRawReview(row, 'salt-number-one-xxxx').userHash, a.userHash, 'stable for one salt');
  assert.ok(!JSON.stringify(a).includes('buyer-42'));
  assert.equal(a.updatedAt, row.updatedAt, 'cursor text keeps microseconds');
  assert.ok(RawReviewSchema.safeParse(a).success);
});

test('a review without buyer gets no hash; batch ids sort in extraction order', () => {
  assert.equal(toRawReview({ ...row, buyerId: null }, 'salt-number-one-xxxx').userHash, null);
  assert.equal(batchIdFor(7), 'b000007');
  assert.ok(batchIdFor(10) > batchIdFor(9));
  assert.deepEqual(Object.keys(toProductMap([{ productId: 'p1', name: 'n', category: null, brand: null }])), ['p1']);
});
