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

test('classifier: aspect engine, e5 multilingual model and the model-derived token limit by default', () => {
  const c = loadConfig('classifier', ClassifierConfigSchema, { MODEL_DIR: '/models' });
  assert.equal(c.CLASSIFIER_ENGINE, 'aspect');
  assert.equal(c.MULTILINGUAL_MODEL_ID, 'Xenova/multilingual-e5-small');
  assert.equal(c.MAX_TOKENS, undefined, 'absent: the model decides');
  const none = loadConfig('classifier', ClassifierConfigSchema, { MODEL_DIR: '/models', MULTILINGUAL_MODEL_ID: '', MAX_TOKENS: '' });
  assert.equal(none.MULTILINGUAL_MODEL_ID, undefined, 'empty: no multilingual model');
  assert.equal(none.MAX_TOKENS, undefined);
  assert.equal(loadConfig('classifier', ClassifierConfigSchema, { MODEL_DIR: '/m', MAX_TOKENS: '384', CLASSIFIER_ENGINE: 'embedding' }).MAX_TOKENS, 384);
  assert.throws(() => loadConfig('classifier', ClassifierConfigSchema, { MODEL_DIR: '/m', CLASSIFIER_ENGINE: 'bart' }), /CLASSIFIER_ENGINE/);
});

test('continuous mode: CONTINUOUS_POLL_MS is off by default, 0 or at least 500 ms', () => {
  assert.equal(loadConfig('extractor', ExtractorConfigSchema, extractorEnv).CONTINUOUS_POLL_MS, 0);
  assert.equal(loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, CONTINUOUS_POLL_MS: '2000' }).CONTINUOUS_POLL_MS, 2000);
  assert.equal(loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, CONTINUOUS_POLL_MS: '0' }).CONTINUOUS_POLL_MS, 0);
  for (const bad of ['100', '-1', 'often', '3600001']) {
    assert.throws(() => loadConfig('extractor', ExtractorConfigSchema, { ...extractorEnv, CONTINUOUS_POLL_MS: bad }), /CONTINUOUS_POLL_MS/);
  }
});
