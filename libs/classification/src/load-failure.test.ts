import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClassifier } from './create-classifier';
import { parseThemes } from './load-themes';
import { ModelLoadError } from './model-files';
import { writeFakeModelFolder } from './tiny-bert.fixture';

const MODEL_ID = 'Test/tiny-nli';
const themes = parseThemes({ themes: [{ label: 'delivery issue' }, { label: 'price value' }] }, 'test');

function tmpRoot(): string {
  return mkdtempSync(join(tmpdir(), 'models-'));
}

async function expectLoadError(modelDir: string, pattern: RegExp, quantized = false): Promise<void> {
  await assert.rejects(
    createClassifier({ engine: 'nli', modelDir, modelId: MODEL_ID, themes, threads: 1, quantized }),
    (err: Error) => {
      assert.ok(err instanceof ModelLoadError, `expected ModelLoadError, got ${err.name}: ${err.message}`);
      assert.match(err.message, pattern);
      assert.match(err.message, /npm run models:build-random/);
      return true;
    },
  );
}

describe('createClassifier fails at load with a clear message', () => {
  test('model dir missing', async () => {
    await expectLoadError('/nonexistent/models', /Model directory \/nonexistent\/models does not exist/);
  });

  test('empty model dir', async () => {
    await expectLoadError(tmpRoot(), /Model folder .*Test\/tiny-nli does not exist/);
  });

  test('folder without config.json', async () => {
    const root = tmpRoot();
    mkdirSync(join(root, MODEL_ID), { recursive: true });
    await expectLoadError(root, /Missing .*config\.json/);
  });

  test('corrupt config.json', async () => {
    const root = tmpRoot();
    writeFakeModelFolder(root, MODEL_ID, { config: '{"model_type": ', onnx: Buffer.from('x') });
    await expectLoadError(root, /Corrupt .*config\.json/);
  });

  test('missing and empty onnx weights', async () => {
    const root = tmpRoot();
    writeFakeModelFolder(root, MODEL_ID);
    await expectLoadError(root, /Missing ONNX weights .*onnx\/model\.onnx/);
    await expectLoadError(root, /Missing ONNX weights .*onnx\/model_quantized\.onnx/, true);
    writeFakeModelFolder(root, MODEL_ID, { onnx: Buffer.alloc(0) });
    await expectLoadError(root, /Empty ONNX weights file/);
  });

  test('truncated onnx file: ONNX Runtime rejects it at load, reported with the path', async () => {
    const root = tmpRoot();
    // The first bytes of an ONNX protobuf (ir_version, producer_name field) cut off mid-field.
    writeFakeModelFolder(root, MODEL_ID, { onnx: Buffer.from([0x08, 0x07, 0x12, 0x07, 0x70, 0x79, 0x74, 0x6f]) });
    await expectLoadError(root, /Cannot load ONNX model .*onnx\/model\.onnx/);
  });
});
