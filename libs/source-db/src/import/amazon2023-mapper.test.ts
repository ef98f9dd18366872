import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { categoryFromFileName, mapAmazon2023Line, type Amazon2023Line } from './amazon2023-mapper';
import { detectFormat, readReviewFile, type ReadRow } from './review-file-reader';
import type { ImportRecord, MappedRow } from './import.types';

const ok = (m: MappedRow): ImportRecord => {
  assert.deepEqual(m.problems, []);
  return m.record!;
};

/** Three lines in the Amazon Reviews 2023 layout (values made up), plus a broken one. */
const JSONL = [
  '{"rating": 5.0, "title": "Such a lovely scent", "text": "This spray is really nice.<br />It smells great.", "images": [], "asin": "B00YQ6X8EO", "parent_asin": "B00YQ6X8EO", "user_id": "AGKHLEW2SOWHNMFQIJGBECAF7INQ", "timestamp": 1588687728923, "helpful_vote": 0, "verified_purchase": true}',
  '{"rating": 4.0, "title": "Works", "text": "Good value.", "images": [{"small_image_url": "https://m.media-amazon.com/images/I/s.jpg", "medium_image_url": "https://m.media-amazon.com/images/I/m.jpg", "large_image_url": "https://m.media-amazon.com/images/I/l.jpg", "attachment_type": "IMAGE"}], "asin": "B081TJ8YS3", "parent_asin": "B08BBQ29N5", "user_id": "AEYORY2AVPMCPDV57CE337YU5LXA", "timestamp": 1588615855070, "helpful_vote": 12, "verified_purchase": false}',
  '{"rating": null, "title": "", "text": "", "images": [], "asin": "B0000X", "user_id": "AEX", "timestamp": 1600000000000, "helpful_vote": 1, "verified_purchase": true}',
  '{"rating": 3.0, "text": "truncated',
];

describe('mapAmazon2023Line', () => {
  const lines = JSONL.slice(0, 3).map((l) => JSON.parse(l) as Amazon2023Line);

  test('maps review, product, buyer, order for verified purchases', () => {
    const r = ok(mapAmazon2023Line(lines[0], { category: 'All Beauty' }));
    assert.deepEqual(r.product, { pId: 'B00YQ6X8EO', name: null, category: 'All Beauty', brand: null, price: null });
    assert.deepEqual(r.buyer, { buyerId: 'AGKHLEW2SOWHNMFQIJGBECAF7INQ', name: null });
    assert.equal(r.review.rating, 5);
    assert.equal(r.review.text, 'This spray is really nice.<br />It smells great.');
    assert.equal(r.review.createdAt, '2020-05-05T14:08:48.923Z');
    assert.match(r.review.reviewId, /^az-[0-9a-f]{24}$/);
    assert.deepEqual(r.order, { orderId: `${r.review.reviewId}-order`, buyerId: 'AGKHLEW2SOWHNMFQIJGBECAF7INQ', pId: 'B00YQ6X8EO', orderDate: '2020-05-05T14:08:48.923Z' });
  });

  test('parent_asin is the product, largest image url, unverified has no order', () => {
    const r = ok(mapAmazon2023Line(lines[1]));
    assert.equal(r.product?.pId, 'B08BBQ29N5');
    assert.deepEqual(r.imageUrls, ['https://m.media-amazon.com/images/I/l.jpg']);
    assert.equal(r.review.helpfulVotes, 12);
    assert.equal(r.order, null);
  });

  test('absent values stay for the cleaner: null rating, empty text (stored as NULL)', () => {
    const r = ok(mapAmazon2023Line(lines[2]));
    assert.equal(r.review.rating, null);
    assert.equal(r.review.text, null);
    assert.equal(r.review.title, null);
    assert.equal(r.product?.pId, 'B0000X');
  });

  test('ids are deterministic', () => {
    const id = (l: Amazon2023Line) => ok(mapAmazon2023Line(l)).review.reviewId;
    assert.equal(id(lines[0]), id({ ...lines[0], text: 'edited' }));
    assert.notEqual(id(lines[0]), id(lines[1]));
    assert.equal(id(lines[0]), id({ ...lines[0], parent_asin: '\tB00YQ6X8EO ', user_id: 'AGKHLEW2SOWHNMFQIJGBECAF7INQ\u0000' }), 'ids normalised before digesting');
  });

  test('category from the file name', () => {
    assert.equal(categoryFromFileName('/data/All_Beauty.jsonl.gz'), 'All Beauty');
    assert.equal(categoryFromFileName('reviews.txt'), null);
  });

  test('reading a JSONL file: format detection, records, skipped broken lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'az2023-'));
    try {
      const file = join(dir, 'Digital_Music.data');
      writeFileSync(file, `${JSONL.join('\n')}\n\n${JSONL[0]}\n`);
      assert.equal(await detectFormat(file), 'amazon2023');
      const rows: ReadRow[] = [];
      for await (const r of readReviewFile(file, 'amazon2023', { bytesRead: 0 })) rows.push(r);
      assert.equal(rows.length, 5);
      assert.deepEqual(rows.map((r) => r.line), [1, 2, 3, 4, 6]);
      assert.deepEqual(rows[3].problems.map((p) => p.reason), ['invalid_json']);
      assert.equal(rows[4].record, null, 'an identical later line is an exact duplicate, imported once');
      assert.equal(rows[4].duplicateOf, 1);
      const csv = join(dir, 'export.data');
      writeFileSync(csv, '\uFEFFid,name,reviews.rating,reviews.text,reviews.title,reviews.username\n');
      assert.equal(await detectFormat(csv), 'datafiniti');
      writeFileSync(csv, 'hello');
      await assert.rejects(detectFormat(csv), /cannot tell the format/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
