import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentReview, reviewText, MAX_SEGMENTS } from './segments';
import { compileKeywords, keywordCounts } from './keywords';
import { detectLanguage } from './language';
import { predictBinary, predictSoftmax, sigmoid, trainBinary, trainSoftmax } from './logistic';
import { bestThreshold, stratifiedFolds, trainHeads } from './train';
import { legacyLabelOf } from './legacy';
import { scoreReview } from './score';
import { headPathFor, modelSlug } from './head';
import type { ReviewFeatures } from './features';
import { evidenceSegment, themeFeatureVector, segmentThemeSimilarity, elementwiseMax } from './features';
import { profileOf, serves } from './model-profiles';
import { tokenBatches } from '../embedder';
import type { ThemesFile } from '../themes.schema';

describe('segments', () => {
  test('title, sentences and contrastive clauses, in order', () => {
    const s = segmentReview('Tasty', 'Great flavour, but the box was crushed. Shipping was fast!\nWould buy again', 'en');
    assert.deepEqual(s.map((x) => [x.kind, x.text]), [
      ['title', 'Tasty'], ['sentence', 'Great flavour'], ['clause', 'the box was crushed.'], ['sentence', 'Shipping was fast!'], ['sentence', 'Would buy again'],
    ]);
  });
  test('French connectives split clauses too; symbol-only pieces are dropped', () => {
    const s = segmentReview(null, 'Très bon livre mais la livraison était lente.\n!!! ...', 'fr');
    assert.deepEqual(s.map((x) => x.text), ['Très bon livre', 'la livraison était lente.']);
  });
  test('a very long review keeps at most MAX_SEGMENTS segments', () => {
    const text = Array.from({ length: 100 }, (_, i) => `Sentence number ${i}.`).join(' ');
    assert.equal(segmentReview('t', text, null).length, MAX_SEGMENTS);
  });
  test('reviewText joins title and text as the labels were read', () => {
    assert.equal(reviewText('Nice', 'Body'), 'Nice. Body');
    assert.equal(reviewText(null, 'Body'), 'Body');
    assert.equal(reviewText('  ', 'Body'), 'Body');
  });
});

describe('keywords', () => {
  const themes: ThemesFile['themes'] = [
    { label: 'price', keywords: { en: ['price', 'good deal', '$'], fr: ['prix'] } },
    { label: 'any', keywords: { '*': ['ok'] } },
  ];
  const m = compileKeywords(themes);
  test('distinct keywords on word boundaries, case-insensitive, spaces as any whitespace', () => {
    assert.deepEqual(keywordCounts(m, 'PRICE was a Good   deal at $5', 'en'), [3, 0]);
    assert.deepEqual(keywordCounts(m, 'priceless', 'en'), [0, 0]);
  });
  test('the language picks the list; * applies to all; unknown language reads English', () => {
    assert.deepEqual(keywordCounts(m, 'le prix est ok', 'fr'), [1, 1]);
    assert.deepEqual(keywordCounts(m, 'le prix est ok', 'en'), [0, 1]);
    assert.deepEqual(keywordCounts(m, 'the price', null), [1, 0]);
  });
});

describe('language', () => {
  test('detected from the text, the hint only when detection gives nothing', () => {
    assert.equal(detectLanguage('Ce livre est vraiment très intéressant, je le conseille à tous.', 'en'), 'fr');
    assert.equal(detectLanguage('This coffee tastes wonderful and arrived quickly.', 'fr'), 'en');
    assert.equal(detectLanguage('ok', 'FR'), 'fr');
    assert.equal(detectLanguage('ok', null), null);
  });
});

describe('logistic regression', () => {
  // Two separable clusters: x0 > 0 → 1.
  const X = [[2, 0.1], [1.5, -0.2], [1, 0.3], [-1, 0.2], [-2, -0.1], [-1.5, 0]];
  const y = [1, 1, 1, 0, 0, 0];
  test('binary: separates the classes and is deterministic', () => {
    const m = trainBinary(X, y, { C: 10 });
    X.forEach((x, i) => assert.equal(predictBinary(m, x) >= 0.5 ? 1 : 0, y[i]));
    assert.deepEqual(trainBinary(X, y, { C: 10 }), m);
  });
  test('stronger regularisation shrinks the weights', () => {
    const loose = trainBinary(X, y, { C: 100 });
    const tight = trainBinary(X, y, { C: 0.01 });
    assert.ok(Math.abs(tight.w[0]) < Math.abs(loose.w[0]));
  });
  test('softmax: probabilities sum to 1 and pick the right class', () => {
    const Xs = [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [-1, -1], [-0.9, -1.1]];
    const ys = ['a', 'a', 'b', 'b', 'c', 'c'];
    const m = trainSoftmax(Xs, ys, ['a', 'b', 'c'], { C: 10 });
    Xs.forEach((x, i) => {
      const p = predictSoftmax(m, x);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
      assert.equal(m.classes[p.indexOf(Math.max(...p))], ys[i]);
    });
    assert.throws(() => trainSoftmax(Xs, ['a', 'a', 'b', 'b', 'c', 'z'], ['a', 'b', 'c']), /"z" not in/);
  });
  test('sigmoid is stable at the extremes', () => {
    assert.equal(sigmoid(1000), 1);
    assert.equal(sigmoid(-1000), 0);
    assert.equal(sigmoid(0), 0.5);
  });
});

describe('calibration', () => {
  test('bestThreshold maximises F1 on the grid', () => {
    const r = bestThreshold([0.9, 0.8, 0.35, 0.3, 0.1], [1, 1, 1, 0, 0]);
    assert.equal(r.f1, 1);
    assert.ok(r.threshold > 0.3 && r.threshold <= 0.35);
  });
  test('stratifiedFolds deals positives and negatives round-robin', () => {
    const f = stratifiedFolds([1, 0, 1, 0, 1, 0, 1, 0, 1, 0], 5);
    for (let k = 0; k < 5; k++) {
      assert.equal(f.filter((x, i) => x === k && i % 2 === 0).length, 1);
      assert.equal(f.filter((x, i) => x === k && i % 2 === 1).length, 1);
    }
  });
});

const THEMES: ThemesFile['themes'] = [
  { label: 'quality', keywords: { en: ['taste'] } },
  { label: 'defect', polarity: 'negative', keywords: { en: ['broken'] } },
];

/** Synthetic features in 2 dimensions: dim 0 = "quality", dim 1 = "defect". */
function features(q: number, d: number, kwQ = 0, kwD = 0): ReviewFeatures {
  const review = Float32Array.from([q, d]);
  const segments = [Float32Array.from([q, 0]), Float32Array.from([0, d])];
  return {
    review, segments, segmentMax: elementwiseMax(segments, review), segmentSims: [[q, 0], [0, d]], themeSims: [q, d],
    keywordCounts: [kwQ, kwD], segmentKeywords: [[kwQ > 0, false], [false, kwD > 0]],
  };
}

describe('scoring and training', () => {
  test('without heads: zero-shot similarity plus keywords; fixed polarity kept; rating gives the others', () => {
    const r = scoreReview(features(0.9, 0.1, 1, 0), ['It tastes great', 'fine'], THEMES, undefined, 2);
    assert.deepEqual(r.detected.map((d) => [d.theme, d.polarity, d.evidence]), [['quality', 'negative', 'It tastes great']]);
    assert.equal(r.sentiment.label, 'negative');
    assert.equal(r.sentiment.score, -0.5);
    const broken = scoreReview(features(0.1, 0.95, 0, 1), ['a', 'It arrived broken'], THEMES, undefined, 5);
    assert.deepEqual(broken.detected.map((d) => [d.theme, d.polarity, d.evidence]), [['defect', 'negative', 'It arrived broken']]);
  });

  test('trained heads detect both themes of a review, with calibrated thresholds and polarity', () => {
    const rows = [];
    for (let i = 0; i < 40; i++) {
      const q = i % 2 === 0, d = i % 3 === 0;
      const pol = i % 4 < 2 ? 'positive' : 'negative';
      rows.push({
        review: {
          key: `k${i}`, src: 't', sample: 't', title: null, text: 't', rating: pol === 'positive' ? 5 : 1,
          themes: [...(q ? [{ theme: 'quality', polarity: pol as 'positive' | 'negative' }] : []), ...(d ? [{ theme: 'defect', polarity: 'negative' as const }] : [])],
          sentiment: pol as 'positive' | 'negative', language: null,
        },
        features: features(q ? 0.8 : 0.1, d ? 0.7 : 0.05),
      });
    }
    const head = trainHeads(rows, THEMES, { modelId: 'm', themesVersion: 'v', labelsFile: 'f', labelsSha256: 'x', split: 'calibration' }, { iterations: 300 });
    assert.ok(head.themes.quality.head && head.themes.defect.head);
    assert.deepEqual(head.polarity?.classes, ['positive', 'negative']);
    const both = scoreReview(features(0.8, 0.7), ['tasty', 'broken'], THEMES, head, 1);
    assert.deepEqual(both.detected.map((d) => d.theme).sort(), ['defect', 'quality']);
    assert.equal(both.detected.find((d) => d.theme === 'quality')?.polarity, 'negative');
    const none = scoreReview(features(0.1, 0.05), ['meh', 'meh'], THEMES, head, 5);
    assert.deepEqual(none.detected, []);
    assert.equal(none.sentiment.label, 'positive');
  });

  test('feature layout and evidence choice', () => {
    const f = features(0.5, 0.2, 2, 0);
    const x = themeFeatureVector(f);
    assert.equal(x.length, 2 * 2 + 2 * 2);
    assert.ok(Math.abs(x[4] - 1.5) < 1e-6 && Math.abs(x[6] - Math.log1p(2)) < 1e-6);
    assert.equal(evidenceSegment(f, 0), 0);
    assert.equal(evidenceSegment(f, 1), 1);
    assert.deepEqual(segmentThemeSimilarity(Float32Array.from([1, 0]), [[Float32Array.from([1, 0]), Float32Array.from([0, 1])], [Float32Array.from([0, 1])]]), [0.5, 0]);
  });
});

describe('legacy labels, heads, model profiles', () => {
  const file = {
    legacyLabels: {
      rules: [
        { label: 'product defect', theme: 'defect' },
        { label: 'delivery issue', theme: 'delivery', polarity: ['negative' as const] },
        { label: 'product quality', theme: 'quality', main: true },
        { label: 'positive experience', sentiment: ['positive' as const] },
      ],
    },
  };
  const t = (theme: string, polarity: 'positive' | 'negative' | 'mixed' = 'positive') => ({ theme, polarity, score: 1, evidence: null, evidenceSimilarity: null });
  test('first matching rule wins; main means top theme', () => {
    assert.equal(legacyLabelOf(file, [t('quality'), t('defect', 'negative')], 'negative'), 'product defect');
    assert.equal(legacyLabelOf(file, [t('delivery', 'negative')], 'negative'), 'delivery issue');
    assert.equal(legacyLabelOf(file, [t('usability'), t('quality')], 'positive'), 'positive experience');
    assert.equal(legacyLabelOf(file, [t('usability'), t('quality')], 'negative'), null);
  });
  test('heads live beside the themes file, one per model', () => {
    assert.equal(modelSlug('Xenova/all-MiniLM-L6-v2'), 'Xenova__all-MiniLM-L6-v2');
    assert.equal(headPathFor('/x/themes/default.json', 'a/b'), '/x/themes/default.heads/a__b.json');
  });
  test('MiniLM serves English; e5 any language with the query prefix', () => {
    assert.ok(serves(profileOf('Xenova/all-MiniLM-L6-v2'), null) && !serves(profileOf('Xenova/all-MiniLM-L6-v2'), 'fr'));
    assert.equal(profileOf('Xenova/multilingual-e5-small').prefix, 'query: ');
    assert.ok(serves(profileOf('unknown/model'), 'de'));
  });
});

describe('token batches', () => {
  test('sorted by token count, cut by count and by padded-token budget', () => {
    assert.deepEqual(tokenBatches([5, 100, 6, 7, 100, 4], 3, 1000), [[5, 0, 2], [3, 1, 4]]);
    // Budget 150: two sequences of 100 would need 200 padded positions.
    assert.deepEqual(tokenBatches([5, 100, 6, 100], 8, 150), [[0, 2], [1], [3]]);
    assert.throws(() => tokenBatches([1], 0, 10), /batch size/);
  });
});
