import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceEnv } from './service-env';

const dir = mkdtempSync(join(tmpdir(), 'service-env-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serviceEnv reads the env file of REVIEWLENS_SERVICES_DIR before process env values', () => {
  writeFileSync(join(dir, 'env'), 'REDIS_URL=redis://127.0.0.1:7000\nS3_FORCE_PATH_STYLE=false\nMONGO_DB=other\n');
  const env = serviceEnv({ REVIEWLENS_SERVICES_DIR: dir, REDIS_URL: 'redis://elsewhere:1', S3_BUCKET: 'from-env' });
  assert.equal(env.envFile, join(dir, 'env'));
  assert.equal(env.redisUrl, 'redis://127.0.0.1:7000');
  assert.equal(env.mongoDb, 'other');
  assert.equal(env.s3.forcePathStyle, false);
  assert.equal(env.s3.bucket, 'from-env', 'keys missing from the file fall back to process env');
  assert.equal(env.s3.endpoint, 'http://127.0.0.1:4568', 'then to the local defaults');
  assert.equal(env.vars['REDIS_URL'], 'redis://127.0.0.1:7000');
});

test('serviceEnv falls back to process env values when there is no env file', () => {
  const env = serviceEnv({ REVIEWLENS_SERVICES_DIR: join(dir, 'missing'), MONGO_URL: 'mongodb://127.0.0.2:1' });
  assert.equal(env.envFile, undefined);
  assert.equal(env.mongoUrl, 'mongodb://127.0.0.2:1');
  assert.match(env.sourceDatabaseReadonlyUrl, /^postgres:\/\/reviewlens_reader:/);
  assert.equal(env.s3.forcePathStyle, true);
});
