import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datafinitiRowDigest, mapDatafinitiRow as mapRow, missingDatafinitiColumns, type DatafinitiRow } from './datafiniti-mapper';
import type { ImportRecord } from './import.types';

const mapDatafinitiRow = (row: DatafinitiRow, ...rest: [] | [string]): ImportRecord => {
  const mapped = mapRow(row, ...rest);
  assert.deepEqual(mapped.problems, []);
  return mapped.record!;
};

const row12 = {
  id: 'AVqVGZNvQMlgsOJE6eUY',
  dateAdded: '2017-03-03T16:56:05Z',
  name: 'Amazon Kindle E-Reader 6" Wifi',
  asins: 'B00ZV9PXP2',
  brand: 'Amazon',
  categories: 'Computers,Electronics Features,Tablets',
  'reviews.date': '2017-09-03T00:00:00.000Z',
  'reviews.doRecommend': 'FALSE',
  'reviews.rating': '3',
  'reviews.text': 'I thought it would be as big as small paper.',
  'reviews.title': 'Too small',
  'reviews.username': 'llyyue',
};

describe('mapDatafinitiRow', () => {
  test('12-column layout', () => {
    const r = mapDatafinitiRow(row12);
    assert.deepEqual(r.product, { pId: 'B00ZV9PXP2', name: 'Amazon Kindle E-Reader 6" Wifi', category: 'Computers', brand: 'Amazon', price: null });
    assert.equal(r.buyer?.name, 'llyyue');
    assert.match(r.buyer!.buyerId, /^dfu-[0-9a-f]{24}$/);
    assert.equal(r.review.buyerId, r.buyer!.buyerId);
    assert.equal(r.review.rating, 3);
    assert.equal(r.review.text, 'I thought it would be as big as small paper.');
    assert.equal(r.review.title, 'Too small');
    assert.equal(r.review.createdAt, '2017-09-03T00:00:00.000Z');
    assert.equal(r.review.helpfulVotes, 0);
    assert.equal(r.order, null);
    assert.deepEqual(r.imageUrls, []);
  });

  test('27-column layout: helpful votes, USD price, missing rating and date become null', () => {
    const r = mapDatafinitiRow({
      ...row12,
      asins: 'B00QJDU3KY,B00OTHER',
      'reviews.rating': '',
      'reviews.date': '',
      'reviews.numHelpful': '139',
      prices: JSON.stringify([{ amountMin: 119.99, currency: 'EUR' }, { amountMin: 139.99, currency: 'USD' }]),
    });
    assert.equal(r.product?.pId, 'B00QJDU3KY');
    assert.equal(r.product?.price, '139.99');
    assert.equal(r.review.rating, null);
    assert.equal(r.review.createdAt, null);
    assert.equal(r.review.helpfulVotes, 139);
    assert.equal(r.review.totalVotes, 139);
  });

  test('review ids: deterministic, content-based, distinct per occurrence; column order irrelevant', () => {
    const reordered = Object.fromEntries(Object.entries(row12).reverse());
    assert.equal(datafinitiRowDigest(reordered), datafinitiRowDigest(row12));
    assert.equal(mapDatafinitiRow(row12).review.reviewId, mapDatafinitiRow({ ...row12 }).review.reviewId);
    assert.notEqual(mapDatafinitiRow({ ...row12, 'reviews.text': 'other' }).review.reviewId, mapDatafinitiRow(row12).review.reviewId);
  });

  test('no ASIN falls back to the Datafiniti id; no username means no buyer', () => {
    const r = mapDatafinitiRow({ ...row12, asins: '', 'reviews.username': '' });
    assert.equal(r.product?.pId, 'AVqVGZNvQMlgsOJE6eUY');
    assert.equal(r.buyer, null);
    assert.equal(r.review.buyerId, null);
  });

  test('required columns', () => {
    assert.deepEqual(missingDatafinitiColumns(Object.keys(row12)), []);
    assert.deepEqual(missingDatafinitiColumns(['id', 'name']), ['reviews.rating', 'reviews.text', 'reviews.title', 'reviews.username']);
  });
});

describe('mapDatafinitiRow: refused values set the row aside with field and reason', () => {
  test('dates, ratings, ids', () => {
    const problems = (patch: Partial<DatafinitiRow>) => mapRow({ ...row12, ...patch }).problems.map((p) => `${p.field}:${p.reason}`);
    assert.deepEqual(problems({ 'reviews.date': '03/09/2017' }), ['reviews.date:invalid_date']);
    assert.deepEqual(problems({ 'reviews.date': '1969-12-31T00:00:00Z' }), ['reviews.date:invalid_date']);
    assert.deepEqual(problems({ 'reviews.rating': '0.0' }), ['reviews.rating:invalid_rating']);
    assert.deepEqual(problems({ 'reviews.rating': '4.5' }), ['reviews.rating:invalid_rating']);
    assert.deepEqual(problems({ asins: 'B00\tZV9' }), ['asins:missing_product_id']);
    assert.deepEqual(problems({ asins: 'B'.repeat(101) }), ['asins:missing_product_id']);
    assert.deepEqual(problems({ 'reviews.date': '2017-09-03 10:00:00', 'reviews.username': 'x\u0000y', name: 'n\u0000' }), []);
  });
  test('NUL dropped from every string field; padded ids normalised; invisible title is null', () => {
    const r = mapDatafinitiRow({ ...row12, asins: ' B00ZV9PXP2\u00a0', name: 'Kin\u0000dle', 'reviews.username': 'lly\u0000yue', 'reviews.title': '\u3164\u200b' });
    assert.equal(r.product?.pId, 'B00ZV9PXP2');
    assert.equal(r.product?.name, 'Kindle');
    assert.equal(r.buyer?.name, 'llyyue');
    assert.equal(r.buyer?.buyerId, mapDatafinitiRow({ ...row12, 'reviews.username': 'llyyue' }).buyer?.buyerId);
    assert.equal(r.review.title, null);
  });
});
