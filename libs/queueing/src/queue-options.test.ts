import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_SETTINGS, QUEUES, type QueueKey } from '@reviewlens/contracts';
import { jobOptionsFor, workerOptionsFor } from './queue-options';
import { redisOptionsFromUrl, redisRetryDelay } from './redis-connection';

test('every queue has job and worker options derived from the one settings table', () => {
  for (const key of Object.keys(QUEUES) as QueueKey[]) {
    const job = jobOptionsFor(key);
    const worker = workerOptionsFor(key);
    assert.equal(job.attempts, QUEUE_SETTINGS[key].attempts);
    assert.equal(worker.lockDuration, QUEUE_SETTINGS[key].lockDurationMs);
    assert.equal(worker.maxStalledCount, QUEUE_SETTINGS[key].maxStalledCount);
    assert.ok((worker.lockDuration ?? 0) > 0);
  }
  assert.deepEqual(jobOptionsFor('clean').backoff, { type: 'exponential', delay: 1_000, jitter: 0.5 });
});

test('reconnect delays grow, are capped, and are jittered', () => {
  for (let attempt = 1; attempt < 40; attempt++) {
    const d = redisRetryDelay(attempt, 10_000);
    assert.ok(d >= 0 && d <= 10_000, `attempt ${attempt}: ${d}`);
  }
  const late = new Set(Array.from({ length: 20 }, () => redisRetryDelay(30, 10_000)));
  assert.ok(late.size > 1, 'jitter spreads reconnects');
  assert.ok(redisRetryDelay(1, 10_000) <= 400);
});

test('redis URL parsing keeps credentials out of the host and enables blocking-safe retries', () => {
  const o = redisOptionsFromUrl('redis://user:p%40ss@cache.local:6390/2');
  assert.equal(o.host, 'cache.local');
  assert.equal(o.port, 6390);
  assert.equal(o.password, 'p@ss');
  assert.equal(o.db, 2);
  assert.equal(o.maxRetriesPerRequest, null);
});
