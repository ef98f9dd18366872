import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForDependency, type StartupWait } from './startup-wait';

function harness(timeoutMs: number): StartupWait & { clock: { t: number }; slept: number[]; warnings: unknown[] } {
  const clock = { t: 0 };
  const slept: number[] = [];
  const warnings: unknown[] = [];
  return {
    clock, slept, warnings, timeoutMs,
    logger: { warn: ((obj: unknown) => { warnings.push(obj); }) as never, info: (() => undefined) as never },
    sleep: async (ms) => { slept.push(ms); clock.t += ms; },
    now: () => clock.t,
  };
}

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' });

test('an unreachable dependency is retried with growing, capped delays until it answers', async () => {
  const h = harness(300_000);
  let calls = 0;
  const value = await waitForDependency('MongoDB', async () => { if (++calls < 6) throw refused(); return 'connected'; }, h);
  assert.equal(value, 'connected');
  assert.equal(calls, 6);
  assert.equal(h.slept.length, 5);
  assert.equal(h.warnings.length, 5, 'every wait is logged');
  assert.ok(h.slept.every((ms) => ms > 0 && ms <= 15_000));
});

test('waiting stops at the timeout and the last outage error surfaces', async () => {
  const h = harness(60_000);
  await assert.rejects(waitForDependency('S3', async () => { throw refused(); }, h), /ECONNREFUSED/);
  assert.ok(h.clock.t <= 60_000, `waited ${h.clock.t} ms`);
  assert.ok(h.slept.length >= 5);
});

test('a real error (bad credentials, bad config) is not waited on', async () => {
  const h = harness(300_000);
  let calls = 0;
  await assert.rejects(waitForDependency('S3', async () => { calls++; throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }); }, h), /Access Denied/);
  assert.equal(calls, 1);
  assert.deepEqual(h.slept, []);
});

test('a timeout of 0 keeps the old behaviour: one attempt', async () => {
  const h = harness(0);
  let calls = 0;
  await assert.rejects(waitForDependency('MongoDB', async () => { calls++; throw refused(); }, h));
  assert.equal(calls, 1);
});
