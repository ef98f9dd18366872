import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cohenKappa, evaluate } from './metrics';
import { splitOf } from './labelled-reviews';
import { keywordPredictions, ratingPolarity } from './run-eval';
import { sharedFile } from '../../../domain/src/shared-data.fixture';
import { readLabelledLines, resolveTexts } from './labelled-reviews';
import { dirname } from 'node:path';

describe('multi-label metrics', () => {
  const themes = ['a', 'b', 'c'];
  const gold = [
    { themes: [{ theme: 'a', polarity: 'positive' as const }, { theme: 'b', polarity: 'negative' as const }], sentiment: 'mixed' },
    { themes: [{ theme: 'a', polarity: 'positive' as const }], sentiment: 'positive' },
    { themes: [], sentiment: 'neutral' },
  ];
  const predicted = [
    { themes: [{ theme: 'a', polarity: 'positive' as const }, { theme: 'c', polarity: 'positive' as const }], top: 'a', sentiment: 'mixed' },
    { themes: [{ theme: 'a', polarity: 'negative' as const }], top: 'a', sentiment: 'positive' },
    { themes: [], top: null, sentiment: 'positive' },
  ];
  test('per theme, micro, macro, hit@1, polarity, sentiment and confusions by hand', () => {
    const r = evaluate(themes, gold, predicted);
    // a: tp 2; b: fn 1; c: fp 1 → micro = 2·2 / (2·2 + 1 + 1) = 0.667; macro = (1 + 0 + 0) / 3.
    assert.deepEqual(r.perTheme.map((m) => [m.theme, m.support, m.predicted, m.f1]), [['a', 2, 2, 1], ['b', 1, 0, 0], ['c', 0, 1, 0]]);
    assert.ok(Math.abs(r.microF1 - 4 / 6) < 1e-12);
    assert.ok(Math.abs(r.macroF1 - 1 / 3) < 1e-12);
    assert.equal(r.hitAt1, 1);
    assert.equal(r.polarityAccuracy, 0.5);
    assert.ok(Math.abs(r.sentimentAccuracy! - 2 / 3) < 1e-12);
    assert.deepEqual(r.confusions, [{ gold: 'b', predicted: 'c', count: 1 }]);
  });
  test('Cohen kappa: 1 for identical, 0 for chance-level agreement', () => {
    assert.equal(cohenKappa(['x', 'y', 'x'], ['x', 'y', 'x']), 1);
    assert.ok(Math.abs(cohenKappa(['x', 'x', 'y', 'y'], ['x', 'y', 'x', 'y'])) < 1e-12);
  });
  test('rating polarity and keyword baseline', () => {
    assert.equal(ratingPolarity(5), 'positive');
    assert.equal(ratingPolarity(3), 'mixed');
    assert.equal(ratingPolarity(1), 'negative');
    assert.equal(ratingPolarity(5, 'negative'), 'negative');
    const p = keywordPredictions([{ label: 'price', keywords: { en: ['cheap'] } }, { label: 'defect', polarity: 'negative', keywords: { en: ['broken'] } }],
      [{ key: 'k', src: 's', sample: 's', title: 'Cheap', text: 'It came broken, so cheap and broken.', rating: 4, language: null, themes: [], sentiment: null }]);
    assert.deepEqual(p[0].themes, [{ theme: 'price', polarity: 'positive' }, { theme: 'defect', polarity: 'negative' }]);
  });
});

describe('labelled data', () => {
  test('the split is fixed by key: about 40 % held out, independent of order', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k:${i}`);
    const held = keys.filter((k) => splitOf(k) === 'heldout').length;
    assert.ok(held > 700 && held < 900, `${held}`);
    assert.equal(splitOf('finefood:1160'), splitOf('finefood:1160'));
  });
  test('the dev set resolves every key to its text (when ../shared is present)', (t) => {
    const labels = sharedFile('data-labels/themes_dev.jsonl');
    const data = sharedFile('data/amazon_fine_food_reviews_first5k.csv');
    if (!labels || !data) { t.skip('../shared not present'); return; }
    const reviews = resolveTexts(readLabelledLines(labels), dirname(data));
    assert.equal(reviews.length, 489);
    assert.ok(reviews.every((r) => r.text.trim().length > 0));
    assert.equal(reviews.filter((r) => r.language === 'fr').length, 49);
    const held = reviews.filter((r) => splitOf(r.key) === 'heldout').length;
    assert.equal(held, 203);
  });
  test('bad lines are refused with their line number', () => {
    assert.throws(() => resolveTexts([{ key: 'x:1', themes: [] }], '/nonexistent'), /need the shared review files/);
  });
});
