import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageSentiment, themePolarityCounts } from './theme-polarity';

test('per theme: reviews by polarity and mean sentiment, most mentioned first', () => {
  const rows = [
    { sentiment: 0.8, themes: [{ theme: 'quality', polarity: 'positive' as const }, { theme: 'packaging', polarity: 'negative' as const }] },
    { sentiment: -0.6, themes: [{ theme: 'packaging', polarity: 'negative' as const }] },
    { sentiment: 0, themes: [{ theme: 'packaging', polarity: 'mixed' as const }, { theme: 'packaging', polarity: 'positive' as const }] },
    { sentiment: null, themes: [] },
    {},
  ];
  const counts = themePolarityCounts(rows);
  assert.deepEqual(Object.keys(counts), ['packaging', 'quality']);
  assert.deepEqual(counts.packaging, { reviews: 3, positive: 0, negative: 2, mixed: 1, averageSentiment: round(0.2 / 3) });
  assert.deepEqual(counts.quality, { reviews: 1, positive: 1, negative: 0, mixed: 0, averageSentiment: 0.8 });
  assert.equal(averageSentiment(rows), round(0.2 / 3));
  assert.equal(averageSentiment([{ sentiment: null }, {}]), null);
  assert.deepEqual(themePolarityCounts([]), {});
});

function round(x: number): number { return Math.round(x * 1e4) / 1e4; }
