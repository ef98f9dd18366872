import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wilsonLowerBound } from './wilson-score';

const close = (a: number, b: number, eps = 1e-4): void => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('known values', () => {
  assert.equal(wilsonLowerBound(0, 0), 0);
  close(wilsonLowerBound(5, 5), 5 / (5 + 1.96 ** 2)); // all positive: n / (n + z²)
  close(wilsonLowerBound(5, 5), 0.56551);
  close(wilsonLowerBound(100, 100), 0.96301);
  close(wilsonLowerBound(90, 100), 0.82564);
  close(wilsonLowerBound(1, 2), 0.09453);
  assert.equal(wilsonLowerBound(0, 10), 0);
});

test('orders evidence sensibly', () => {
  assert.ok(wilsonLowerBound(5, 5) < wilsonLowerBound(100, 100));
  assert.ok(wilsonLowerBound(1, 1) < wilsonLowerBound(9, 10));
  assert.ok(wilsonLowerBound(50, 100) < wilsonLowerBound(500, 1000));
});

test('monotone in positive votes for a fixed total', () => {
  let previous = -1;
  for (let k = 0; k <= 50; k++) {
    const v = wilsonLowerBound(k, 50);
    assert.ok(v > previous);
    previous = v;
  }
});

test('sanitises bad inputs and stays in [0, 1]', () => {
  for (const [k, n] of [[NaN, 5], [5, NaN], [-1, 5], [10, 5], [3, -2], [Infinity, Infinity], [1e9, 1e9]]) {
    const v = wilsonLowerBound(k, n);
    assert.ok(v >= 0 && v <= 1, `${k}/${n} -> ${v}`);
  }
  assert.equal(wilsonLowerBound(10, 5), wilsonLowerBound(5, 5));
});
