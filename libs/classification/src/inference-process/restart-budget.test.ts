import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartBudget } from './restart-budget';

test('allows max restarts per window, then refuses until the oldest leaves the window', () => {
  let now = 0;
  const budget = new RestartBudget(2, 1_000, () => now);
  assert.equal(budget.tryConsume(), true);
  now = 100;
  assert.equal(budget.tryConsume(), true);
  now = 999;
  assert.equal(budget.tryConsume(), false);
  now = 1_000;
  assert.equal(budget.tryConsume(), true, 'the restart at t=0 left the window');
  assert.equal(budget.used, 2);
});

test('a budget of zero never restarts', () => {
  assert.equal(new RestartBudget(0, 1_000).tryConsume(), false);
});
