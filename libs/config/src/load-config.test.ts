import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './load-config';
import { ClassifierConfigSchema, ExtractorConfigSchema } from './schemas';

const extractorEnv = {
  SOURCE_DATABASE_URL: 'postgres://reader:secret-pw@127.0.0.1:5432/src',
  PSEUDONYM_SALT: 'a-salt-of-sixteen-chars',
};

test('valid environment is parsed with defaults and coercion', () => {
  const cfg = loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, EXTRACT_BATCH_SIZE: '250' });
  assert.equal(cfg.EXTRACT_BATCH_SIZE, 250);
  assert.equal(cfg.REDIS_URL, 'redis://127.0.0.1:6379');
  assert.equal(cfg.HOST, '127.0.0.1');
});

test('invalid environment fails with every problem named and no secret value echoed', () => {
  assert.throws(
    () => loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, PSEUDONYM_SALT: 'short', REDIS_URL: 'http://x', EXTRACT_BATCH_SIZE: 'many' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /Invalid configuration for extractor/);
      assert.match(err.message, /PSEUDONYM_SALT/);
      assert.match(err.message, /REDIS_URL/);
      assert.match(err.message, /EXTRACT_BATCH_SIZE/);
      assert.doesNotMatch(err.message, /secret-pw|short/);
      return true;
    },
  );
});

test('a required variable that is missing is reported', () => {
  assert.throws(() => loadConfig('classifier', ClassifierConfigSchema, {}), /MODEL_DIR/);
});

test('the outage retry budget is validated at start-up', () => {
  assert.equal(loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, OUTAGE_RETRIES: '5' }).OUTAGE_RETRIES, 5);
  assert.throws(() => loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, OUTAGE_RETRIES: '-1' }), /OUTAGE_RETRIES/);
});
