import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datafinitiRowDigest, mapDatafinitiRow, missingDatafinitiColumns } from './datafiniti-mapper';

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
    assert.notEqual(mapDatafinitiRow(row12, undefined, 1).review.reviewId, mapDatafinitiRow(row12).review.reviewId);
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
