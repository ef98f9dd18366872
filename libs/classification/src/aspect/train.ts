import type { LabelledReview } from '../evaluation/labelled-reviews';
import type { ThemesFile } from '../themes.schema';
import { polarityFeatureVector, sentimentFeatureVector, themeFeatureVector, type ReviewFeatures } from './features';
import { HEAD_FORMAT, type HeadFile } from './head';
import { predictBinary, trainBinary, trainSoftmax, type TrainOptions } from './logistic';
import { DEFAULT_BLEND, DEFAULT_THRESHOLD } from './score';

/** A labelled review described by one model (AspectThemeClassifier.describeFor). */
export interface TrainingRow { review: LabelledReview; features: ReviewFeatures }

export interface TrainHeadsOptions extends TrainOptions {
  /** Keyword blend weight imposed on every theme (score = (1 − blend)·σ(head) + blend·[keyword]); absent = chosen per theme by cross-validation from BLEND_GRID. */
  blend?: number;
  /** Folds of the cross-validation that picks the thresholds. Default 5. */
  folds?: number;
  /** Themes with fewer positive reviews than this keep no head (zero-shot score). Default 3. */
  minPositives?: number;
}

/** Keyword weights tried per theme when no blend is imposed. */
export const BLEND_GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] as const;

/** Best F1 threshold for scores vs 0/1 labels, searched on the grid 0.10, 0.125, …, 0.90 (ties: the lowest). */
export function bestThreshold(scores: readonly number[], labels: readonly number[]): { threshold: number; f1: number } {
  let best = { threshold: DEFAULT_THRESHOLD, f1: -1 };
  for (let c = 0.1; c <= 0.9 + 1e-9; c += 0.025) {
    let tp = 0, fp = 0, fn = 0;
    scores.forEach((s, i) => { if (s >= c) { if (labels[i]) tp++; else fp++; } else if (labels[i]) fn++; });
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1 + 1e-12) best = { threshold: Math.round(c * 1000) / 1000, f1 };
  }
  return best;
}

/** Fold of row i for k-fold cross-validation, stratified by label: positives and negatives dealt round-robin. */
export function stratifiedFolds(labels: readonly number[], k: number): number[] {
  const fold = new Array<number>(labels.length);
  let pos = 0, neg = 0;
  labels.forEach((y, i) => { fold[i] = y ? pos++ % k : neg++ % k; });
  return fold;
}

/**
 * Fit the heads of one model on labelled reviews: per theme a class-balanced logistic head whose threshold is
 * chosen by k-fold cross-validation on out-of-fold scores (F1-optimal), then refitted on all rows; a polarity head
 * over the gold (review, theme) pairs of themes whose polarity is free; an overall-sentiment head. Deterministic:
 * same rows, same options → same numbers.
 */
export function trainHeads(rows: readonly TrainingRow[], themes: ThemesFile['themes'], meta: {
  modelId: string; themesVersion: string; labelsFile: string; labelsSha256: string; split: string;
}, opts: TrainHeadsOptions = {}): HeadFile {
  if (rows.length === 0) throw new Error('trainHeads: no labelled rows');
  const blend = opts.blend ?? DEFAULT_BLEND; // default of themes without a head
  const folds = opts.folds ?? 5;
  const train: TrainOptions = { C: opts.C ?? 1, iterations: opts.iterations ?? 400, learningRate: opts.learningRate ?? 0.05 };
  const X = rows.map((r) => themeFeatureVector(r.features));
  const crossValidated: Record<string, { f1: number; positives: number }> = {};
  const themeHeads: HeadFile['themes'] = {};
  themes.forEach((theme, t) => {
    const y = rows.map((r) => (r.review.themes.some((x) => x.theme === theme.label) ? 1 : 0));
    const positives = y.reduce<number>((a, b) => a + b, 0);
    const kw = rows.map((r) => (r.features.keywordCounts[t] > 0 ? 1 : 0));
    if (positives < (opts.minPositives ?? 3) || positives === rows.length) {
      themeHeads[theme.label] = { head: null, threshold: DEFAULT_THRESHOLD };
      crossValidated[theme.label] = { f1: Number.NaN, positives };
      return;
    }
    const fold = stratifiedFolds(y, folds);
    const oofModel = new Array<number>(rows.length);
    for (let k = 0; k < folds; k++) {
      const idx = rows.map((_, i) => i).filter((i) => fold[i] !== k);
      const m = trainBinary(idx.map((i) => X[i]), idx.map((i) => y[i]), { ...train, balanced: true });
      rows.forEach((_, i) => { if (fold[i] === k) oofModel[i] = predictBinary(m, X[i]); });
    }
    // The keyword weight is chosen per theme with the threshold, on the same out-of-fold scores: a theme whose head
    // learnt little from few examples leans on its keywords, one with many examples on its head.
    let best = { blend, threshold: DEFAULT_THRESHOLD, f1: -1 };
    for (const w of opts.blend !== undefined ? [opts.blend] : BLEND_GRID) {
      const candidate = bestThreshold(oofModel.map((p, i) => (1 - w) * p + w * kw[i]), y);
      if (candidate.f1 > best.f1 + 1e-9) best = { blend: w, ...candidate };
    }
    themeHeads[theme.label] = { head: trainBinary(X, y, { ...train, balanced: true }), threshold: best.threshold, blend: best.blend };
    crossValidated[theme.label] = { f1: Math.round(best.f1 * 1000) / 1000, positives };
  });

  const polarityX: Float32Array[] = [];
  const polarityY: string[] = [];
  for (const r of rows) {
    for (const g of r.review.themes) {
      const t = themes.findIndex((x) => x.label === g.theme);
      if (t < 0 || (themes[t].polarity ?? 'any') !== 'any') continue;
      polarityX.push(polarityFeatureVector(r.features, t, themes.length, r.review.rating));
      polarityY.push(g.polarity);
    }
  }
  const polarityClasses = ['positive', 'negative', 'mixed'].filter((c) => polarityY.includes(c));
  const sentimentRows = rows.filter((r) => r.review.sentiment !== null);
  const sentimentY = sentimentRows.map((r) => r.review.sentiment!);
  const sentimentClasses = (['positive', 'negative', 'mixed', 'neutral'] as const).filter((c) => sentimentY.includes(c));
  return {
    format: HEAD_FORMAT, modelId: meta.modelId, themesVersion: meta.themesVersion, createdAt: new Date().toISOString(),
    dim: rows[0].features.review.length, blend, themes: themeHeads,
    polarity: polarityClasses.length >= 2 ? trainSoftmax(polarityX, polarityY, polarityClasses, train) : null,
    sentiment: sentimentClasses.length >= 2
      ? trainSoftmax(sentimentRows.map((r) => sentimentFeatureVector(r.features, r.review.rating)), sentimentY, sentimentClasses, train)
      : null,
    training: {
      labelsFile: meta.labelsFile, labelsSha256: meta.labelsSha256, rows: rows.length, split: meta.split,
      options: { ...train, blend: opts.blend ?? 'per theme', folds, minPositives: opts.minPositives ?? 3 }, crossValidated,
    },
  };
}

/** Round every number of a head to `digits` significant digits (smaller files; scores move by < 1e-5). */
export function roundHead(head: HeadFile, digits = 6): HeadFile {
  return JSON.parse(JSON.stringify(head, (_k, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)) : v))) as HeadFile;
}
