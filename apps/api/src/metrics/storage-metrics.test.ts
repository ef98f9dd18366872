import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redisUsedMemory } from './storage-metrics';

test('used_memory is read from the INFO memory text, CRLF or LF', () => {
  assert.equal(redisUsedMemory('# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n'), 1_048_576);
  assert.equal(redisUsedMemory('used_memory_rss:5\nused_memory:42\n'), 42);
  assert.equal(redisUsedMemory('# Memory\r\n'), null);
});
