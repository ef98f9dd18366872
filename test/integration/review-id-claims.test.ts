import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ReviewIdClaims, redisOptionsFromUrl } from '@reviewlens/queueing';
import { serviceEnv, uniqueName } from '@reviewlens/testing';

describe('review id claims on Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('claims');
  before(() => { redis = new Redis(redisOptionsFromUrl(serviceEnv().redisUrl)); });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  test('the first batch keeps an id, a retry finds its own claims, racing batches agree on one holder', async () => {
    const ids = new ReviewIdClaims(async () => redis, prefix);
    assert.deepEqual(await ids.claim('claims', 'b000001', ['a', 'b', 'c', 'a']), new Set());
    assert.deepEqual(await ids.claim('claims', 'b000001', ['a', 'b', 'c']), new Set(), 'a retried batch is not its own duplicate');
    assert.deepEqual(await ids.claim('claims', 'b000002', ['c', 'd']), new Set(['c']));
    assert.deepEqual(await ids.claim('claims', 'b000002', ['c', 'd']), new Set(['c']), 'the loser stays the loser on retry');
    assert.deepEqual(await ids.claim('other-run', 'b000009', ['a']), new Set(), 'claims are per run');
    assert.deepEqual(await ids.claim('claims', 'b000003', []), new Set());

    const racers = ['b000010', 'b000011', 'b000012', 'b000013'];
    const results = await Promise.all(racers.map((b) => ids.claim('race', b, ['x', 'y'])));
    for (const id of ['x', 'y']) {
      assert.equal(results.filter((held) => !held.has(id)).length, 1, `exactly one batch keeps ${id}; every other is told it is taken`);
    }
  });

  test('claims expire with their run, and batches larger than one script call are claimed whole', async () => {
    const ids = new ReviewIdClaims(async () => redis, prefix, 60);
    const many = Array.from({ length: 12_000 }, (_, i) => `id-${i}`);
    assert.equal((await ids.claim('big', 'b000001', many)).size, 0);
    assert.equal(await redis.hlen(ids.keyOf('big')), 12_000);
    const ttl = await redis.ttl(ids.keyOf('big'));
    assert.ok(ttl > 0 && ttl <= 60, `the run's claims expire (ttl ${ttl} s)`);
    const held = await ids.claim('big', 'b000002', [...many.slice(11_990), 'new-id']);
    assert.equal(held.size, 10);
    assert.ok(!held.has('new-id'));
  });
});
