import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDependencyOutage, outageRetryDelay, outageRetryLimit } from './dependency-outage';

test('connection failures of every dependency count as outages, wherever they are wrapped', () => {
  assert.ok(isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
  assert.ok(isDependencyOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(isDependencyOutage(new Error('Connection terminated unexpectedly')));
  assert.ok(isDependencyOutage(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' })));
  assert.ok(isDependencyOutage(new Error('write failed', { cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) })));
  assert.ok(isDependencyOutage(new AggregateError([Object.assign(new Error('z'), { code: 'ECONNREFUSED' })], 'all failed')));
  assert.ok(isDependencyOutage(Object.assign(new Error('Slow down'), { $metadata: { httpStatusCode: 503 } })));
});

test('real job errors are not outages', () => {
  assert.ok(!isDependencyOutage(new Error('classifier returned 3 results for 4 rows')));
  assert.ok(!isDependencyOutage(Object.assign(new Error('duplicate key'), { code: 11000 })));
  assert.ok(!isDependencyOutage(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })));
  assert.ok(!isDependencyOutage(null));
  assert.ok(!isDependencyOutage('ECONNREFUSED'));
});

test('outage retry delays grow, are capped, and are jittered', () => {
  for (let n = 0; n < 60; n++) {
    const d = outageRetryDelay(n, 500, 15_000);
    assert.ok(d >= 250 && d <= 15_000, `retry ${n}: ${d}`);
  }
  assert.ok(outageRetryDelay(0) <= 500);
  assert.ok(new Set(Array.from({ length: 20 }, () => outageRetryDelay(30))).size > 1);
});

test('the outage retry limit can be lowered through OUTAGE_RETRIES, invalid values keep the default', () => {
  assert.equal(outageRetryLimit({ OUTAGE_RETRIES: '3' }), 3);
  assert.equal(outageRetryLimit({ OUTAGE_RETRIES: '-1' }), 40);
  assert.equal(outageRetryLimit({}), 40);
});
