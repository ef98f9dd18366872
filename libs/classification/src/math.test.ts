import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, l2Normalize, meanPool, softmax, softmaxWithTemperature } from './math';
import { nliLabelIds, nliScores } from './nli-scores';
import { toThemeResult } from './theme-result';
import { lengthOrderedChunks } from './length-ordered-chunks';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

describe('math', () => {
  test('softmax is stable and sums to 1', () => {
    const s = softmax([1000, 1001, 1002]);
    close(s.reduce((a, b) => a + b, 0), 1);
    close(s[2] / s[1], Math.E, 1e-9);
    assert.deepEqual(softmax([]), []);
  });

  test('temperature sharpens', () => {
    const warm = softmaxWithTemperature([0.2, 0.3], 1);
    const cold = softmaxWithTemperature([0.2, 0.3], 0.05);
    assert.ok(cold[1] > warm[1]);
    close(cold[1] / cold[0], Math.exp(2), 1e-9);
    assert.throws(() => softmaxWithTemperature([1], 0), /temperature/);
  });

  test('mean pooling ignores padded tokens; l2 normalise', () => {
    // batch 2, tokens 3, dim 2; second row has one padded token with huge values
    const hidden = [1, 2, 3, 4, 5, 6, /* row 2 */ 2, 2, 4, 4, 1000, 1000];
    const mask = [1n, 1n, 1n, 1n, 1n, 0n];
    const [a, b] = meanPool(hidden, [2, 3, 2], mask);
    assert.deepEqual([...a], [3, 4]);
    assert.deepEqual([...b], [3, 3]);
    const n = l2Normalize(new Float32Array([3, 4]));
    close(n[0], 0.6, 1e-7);
    close(n[1], 0.8, 1e-7);
  });

  test('argmax takes the first maximum', () => {
    assert.equal(argmax([1, 3, 3]), 1);
    assert.equal(argmax([]), -1);
  });

  test('length-ordered chunks cover every index once', () => {
    const chunks = lengthOrderedChunks(['ccc', 'a', 'bb', 'dddd', 'e'], 2);
    assert.deepEqual(chunks, [[1, 4], [2, 0], [3]]);
    assert.deepEqual(lengthOrderedChunks([], 4), []);
  });
});

describe('NLI scores (stock zero-shot pipeline semantics)', () => {
  test('label ids are found case-insensitively, with the pipeline fallbacks', () => {
    assert.deepEqual(nliLabelIds({ ENTAILMENT: 0, NEUTRAL: 1, CONTRADICTION: 2 }), { entailment: 0, contradiction: 2 });
    assert.deepEqual(nliLabelIds({ entailment: 1, not_entailment: 0 }), { entailment: 1, contradiction: 0 });
    assert.deepEqual(nliLabelIds(undefined), { entailment: 2, contradiction: 0 });
  });

  test('several labels: softmax of entailment logits across labels', () => {
    const ids = { entailment: 0, contradiction: 2 };
    const scores = nliScores([[2, 0, -1], [1, 5, 5], [0, 0, 0]], ids);
    const expected = softmax([2, 1, 0]);
    scores.forEach((s, i) => close(s, expected[i]));
  });

  test('one label: entailment vs contradiction of that pair', () => {
    const [s] = nliScores([[2, 0, -1]], { entailment: 0, contradiction: 2 });
    close(s, Math.exp(2) / (Math.exp(2) + Math.exp(-1)));
  });

  test('theme result: argmax theme, max confidence, every label scored', () => {
    const r = toThemeResult(['a', 'b', 'c'], [0.2, 0.5, 0.3]);
    assert.deepEqual(r, { theme: 'b', confidence: 0.5, scores: { a: 0.2, b: 0.5, c: 0.3 } });
    assert.throws(() => toThemeResult(['a'], [0.1, 0.9]));
  });
});
