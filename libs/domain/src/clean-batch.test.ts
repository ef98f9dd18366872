import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REJECT_REASONS } from '@reviewlens/contracts';
import { cleanBatch } from './clean-batch';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { pseudonymiseId } from './pseudonymise';
import { cleanContext, rawReview } from './raw-review.fixture';
import { sharedFile } from './shared-data.fixture';

const FINE_FOOD = sharedFile('data/amazon_fine_food_reviews_first5k.csv');

test('splits a batch into cleaned rows and rejects with counts per reason', () => {
  const rows = [
    rawReview({ reviewId: 'a' }),
    rawReview({ reviewId: 'b', rating: 9 }),
    rawReview({ reviewId: 'c', text: '   ' }),
    rawReview({ reviewId: 'd', text: '<br>' }),
    rawReview({ reviewId: 'e' }),
  ];
  const out = cleanBatch(rows, cleanContext());
  assert.deepEqual(out.cleaned.map((r) => r.reviewId), ['a', 'e']);
  assert.deepEqual(out.rejects.map((r) => [r.row, r.reason]), [[rows[1], 'invalid_rating'], [rows[2], 'empty_review_raw'], [rows[3], 'empty_after_cleaning']]);
  assert.equal(out.rejectedByReason.invalid_rating, 1);
  assert.equal(out.rejectedByReason.empty_review_raw, 1);
  assert.equal(out.rejectedByReason.empty_after_cleaning, 1);
  assert.equal(out.rejectedByReason.duplicate_review_id, 0);
  assert.deepEqual(Object.keys(out.rejectedByReason).sort(), [...REJECT_REASONS].sort());
});

test('keeps the latest updatedAt of duplicate review ids, comparing microseconds', () => {
  const older = rawReview({ reviewId: 'x', text: 'old', updatedAt: '2024-01-03 00:00:00.000001+00' });
  const newer = rawReview({ reviewId: 'x', text: 'new', updatedAt: '2024-01-03 00:00:00.000002+00' });
  const oldest = rawReview({ reviewId: 'x', text: 'oldest', updatedAt: '2024-01-02T23:00:00Z' });
  const out = cleanBatch([older, newer, oldest], cleanContext());
  assert.deepEqual(out.cleaned.map((r) => r.text), ['new']);
  assert.deepEqual(out.rejects.map((r) => [r.row, r.reason]), [[older, 'duplicate_review_id'], [oldest, 'duplicate_review_id']]);
  assert.equal(out.rejectedByReason.duplicate_review_id, 2);
});

test('numeric and string ids are the same review; equal updatedAt keeps the first', () => {
  const first = rawReview({ reviewId: 7, text: 'first' });
  const second = rawReview({ reviewId: '7', text: 'second' });
  const out = cleanBatch([first, second], cleanContext());
  assert.deepEqual(out.cleaned.map((r) => r.text), ['first']);
  assert.equal(out.rejects[0].row, second);
});

test('an invalid latest version is rejected for its own reason and no older version replaces it', () => {
  const older = rawReview({ reviewId: 'y', text: 'fine', updatedAt: '2024-01-01 00:00:00+00' });
  const newer = rawReview({ reviewId: 'y', text: '', updatedAt: '2024-01-02 00:00:00+00' });
  const out = cleanBatch([older, newer], cleanContext());
  assert.equal(out.cleaned.length, 0);
  assert.deepEqual(out.rejects.map((r) => r.reason).sort(), ['duplicate_review_id', 'empty_review_raw']);
});

test('an unparseable updatedAt loses against a parseable one', () => {
  const bad = rawReview({ reviewId: 'z', updatedAt: 'garbage' });
  const good = rawReview({ reviewId: 'z', updatedAt: '2000-01-01 00:00:00+00' });
  const out = cleanBatch([bad, good], cleanContext());
  assert.equal(out.cleaned.length, 1);
  assert.deepEqual(out.rejects.map((r) => [r.row, r.reason]), [[bad, 'duplicate_review_id']]);
});

test('rows without a usable id are not treated as duplicates of each other', () => {
  const out = cleanBatch([rawReview({ reviewId: null }), rawReview({ reviewId: null })], cleanContext());
  assert.equal(out.rejectedByReason.missing_review_id, 2);
  assert.equal(out.rejectedByReason.duplicate_review_id, 0);
});

test('empty batch', () => {
  const out = cleanBatch([], cleanContext());
  assert.deepEqual([out.cleaned, out.rejects], [[], []]);
});

test('cleans 5,000 rows quickly', () => {
  const rows = Array.from({ length: 5000 }, (_, i) =>
    rawReview({ reviewId: i, text: `<p>Review number ${i}: the kettle boils fast &amp; quietly.</p> ${'word '.repeat(i % 200)}` }),
  );
  const start = process.hrtime.bigint();
  const out = cleanBatch(rows, cleanContext({ maxChars: 20_000 }));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.equal(out.cleaned.length, 5000);
  console.log(`cleanBatch: 5000 rows in ${ms.toFixed(1)} ms (${((5000 / ms) * 1000).toFixed(0)} rows/s)`);
  assert.ok(ms < 5000);
});

test('cleans the real Amazon Fine Food sample (5,003 rows with <br /> markup and two empty scores)', { skip: FINE_FOOD === undefined ? 'shared data not found' : false }, () => {
  const source = parse(readFileSync(FINE_FOOD as string), { columns: true }) as Record<string, string>[];
  const products = Object.fromEntries(source.map((r) => [r.ProductId, { productId: r.ProductId, name: null, category: 'food', brand: null }]));
  const rows = source.map((r) =>
    rawReview({
      reviewId: r.Id,
      productId: r.ProductId,
      userHash: pseudonymiseId(r.UserId, 'a-test-salt-0123456789'),
      title: r.Summary,
      text: r.Text,
      rating: r.Score,
      helpfulVotes: r.HelpfulnessNumerator,
      totalVotes: r.HelpfulnessDenominator,
      language: 'en',
      createdAt: new Date(Number(r.Time) * 1000).toISOString(),
      updatedAt: new Date(Number(r.Time) * 1000).toISOString(),
    }),
  );
  const start = process.hrtime.bigint();
  const out = cleanBatch(rows, cleanContext({ products, maxChars: 20_000, now: new Date('2024-01-01T00:00:00Z') }));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rejected = Object.fromEntries(Object.entries(out.rejectedByReason).filter(([, n]) => n > 0));
  console.log(`fine food: ${rows.length} rows in ${ms.toFixed(0)} ms, cleaned ${out.cleaned.length}, rejected ${JSON.stringify(rejected)}`);
  assert.deepEqual(rejected, { invalid_rating: 2 });
  assert.deepEqual(out.rejects.map((r) => r.row.reviewId).sort(), ['4935', '4957']);
  assert.ok(out.cleaned.every((r) => !/<br|&quot;|&amp;|\s\s/i.test(r.text)), 'markup and entities are gone');
  assert.ok(out.cleaned.every((r) => r.totalVotes >= r.helpfulVotes && r.userHash !== null));
});
