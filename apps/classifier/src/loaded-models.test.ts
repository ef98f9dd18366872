import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadThemes, type ThemesConfig } from '@reviewlens/classification';
import { describeLoadedModels, weightsSummary } from './loaded-models';

function modelFolder(root: string, id: string, weights: string | null): void {
  const onnx = join(root, id, 'onnx');
  mkdirSync(onnx, { recursive: true });
  writeFileSync(join(onnx, 'model.onnx'), 'x');
  if (weights) writeFileSync(join(onnx, 'WEIGHTS.json'), JSON.stringify({ weights }));
}

test('loaded models: weights kind per model, the multilingual one only when present, heads beside the themes file', () => {
  const root = mkdtempSync(join(tmpdir(), 'loaded-models-'));
  modelFolder(root, 'Xenova/all-MiniLM-L6-v2', 'random');
  const themesFile = join(root, 'themes', 'default.json');
  mkdirSync(join(root, 'themes', 'default.heads'), { recursive: true });
  writeFileSync(themesFile, '{}');
  const themes = { source: themesFile, themesVersion: '2-abc' } as unknown as ThemesConfig;
  const base = { engine: 'aspect' as const, modelDir: root, modelId: 'Xenova/all-MiniLM-L6-v2', multilingualModelId: 'Xenova/multilingual-e5-small', themes };

  const one = describeLoadedModels(base);
  assert.deepEqual(one, [{ modelId: 'Xenova/all-MiniLM-L6-v2', role: 'primary', weights: 'random', head: false, headThemesVersion: null }]);
  assert.equal(weightsSummary(one), 'random');

  modelFolder(root, 'Xenova/multilingual-e5-small', 'real');
  const two = describeLoadedModels(base);
  assert.deepEqual(two.map((m) => [m.modelId, m.role, m.weights]), [
    ['Xenova/all-MiniLM-L6-v2', 'primary', 'random'], ['Xenova/multilingual-e5-small', 'multilingual', 'real'],
  ]);
  assert.equal(describeLoadedModels({ ...base, engine: 'embedding' }).length, 1, 'only the aspect engine routes languages');
  assert.equal(weightsSummary([{ weights: 'real' }, { weights: 'real' }]), 'real');
  assert.equal(weightsSummary([{ weights: 'real' }, { weights: 'unknown' }]), 'unknown');

  const shipped = describeLoadedModels({ ...base, themes: loadThemes() });
  assert.equal(shipped[0]!.head, true, 'themes/default.heads holds the MiniLM head');
  assert.equal(typeof shipped[0]!.headThemesVersion, 'string');
});
