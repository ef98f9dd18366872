import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger';

function capture(level = 'trace'): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger('unit-test', level, { write: (chunk: string) => { lines.push(chunk); } }) };
}

test('log lines carry the level name, one JSON object per line', () => {
  const { lines, logger } = capture();
  logger.trace('t');
  logger.debug('d');
  logger.info({ runId: 'r1', batch: 3, rows: 500, ms: 12 }, 'batch done');
  logger.warn('w');
  logger.error({ err: new Error('multi\nline\nmessage') }, 'failed');
  logger.fatal('f');
  assert.equal(lines.length, 6);
  for (const line of lines) {
    assert.ok(line.endsWith('\n') && line.indexOf('\n') === line.length - 1, `one line per entry: ${JSON.stringify(line)}`);
  }
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(parsed.map((p) => p['level']), ['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
  const info = parsed[2] as Record<string, unknown>;
  assert.equal(info['service'], 'unit-test');
  assert.equal(info['msg'], 'batch done');
  assert.equal(info['runId'], 'r1');
  assert.match(String(info['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('the level threshold still applies and credentials are still redacted', () => {
  const { lines, logger } = capture('warn');
  logger.info('dropped');
  logger.warn({ password: 'hunter2', config: { S3_SECRET_ACCESS_KEY: 'k' } }, 'kept');
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
  assert.equal(line['level'], 'warn');
  assert.equal(line['password'], '[redacted]');
  assert.deepEqual(line['config'], { S3_SECRET_ACCESS_KEY: '[redacted]' });
});
