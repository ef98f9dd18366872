import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseOptions, pointerDirFor } from './download-options.mjs';

const REPO = '/repo';

describe('parseOptions', () => {
  test('defaults: two models, both dtypes, .cache/models, hub endpoint', () => {
    const o = parseOptions([], {}, REPO);
    assert.deepEqual(o.models, ['Xenova/all-MiniLM-L6-v2', 'Xenova/multilingual-e5-small', 'Xenova/distilbert-base-uncased-mnli']);
    assert.deepEqual(o.dtypes, ['fp32', 'q8']);
    assert.equal(o.modelDir, path.resolve('/repo/.cache/models'));
    assert.equal(o.endpoint, 'https://huggingface.co');
    assert.deepEqual(o.timeouts, { connectMs: 15000, idleMs: 30000 });
  });
  test('MODEL_DIR, HF_ENDPOINT and HF_TOKEN come from the environment; flags win', () => {
    const env = { MODEL_DIR: '/models', HF_ENDPOINT: 'http://127.0.0.1:1', HF_TOKEN: 'secret' };
    const o = parseOptions([], env, REPO);
    assert.equal(o.modelDir, '/models');
    assert.equal(o.endpoint, 'http://127.0.0.1:1');
    assert.equal(o.token, 'secret');
    assert.equal(parseOptions(['--model-dir', '/other'], env, REPO).modelDir, '/other');
  });
  test('--model is repeatable and splits commas', () => {
    const o = parseOptions(['--model', 'a/b,c/d', '--model', 'e/f', '--dtype', 'q8', '--connect-timeout', '0.5'], {}, REPO);
    assert.deepEqual(o.models, ['a/b', 'c/d', 'e/f']);
    assert.deepEqual(o.dtypes, ['q8']);
    assert.equal(o.timeouts.connectMs, 500);
  });
  test('rejects bad ids, bad timeouts and unknown flags', () => {
    assert.throws(() => parseOptions(['--model', 'nope'], {}, REPO), /invalid model id/);
    assert.throws(() => parseOptions(['--idle-timeout', '0'], {}, REPO), /positive number/);
    assert.throws(() => parseOptions(['--bogus'], {}, REPO), /Unknown option/);
  });
});

test('pointerDirFor defaults to ../shared/models/<id>/lfs-pointers', () => {
  assert.equal(pointerDirFor('Xenova/x', undefined, REPO), path.join('/shared/models/Xenova/x/lfs-pointers'));
  assert.equal(pointerDirFor('Xenova/x', '/p', REPO), '/p/Xenova/x/lfs-pointers');
});
