import type { Polarity } from './labelled-reviews';

/** What a method predicted for one review: the themes it detected (with polarity) and its top theme. */
export interface Prediction {
  themes: { theme: string; polarity: Polarity | null }[];
  /** Top theme (for hit@1 and the single-label comparison); null when the method names none. */
  top: string | null;
  sentiment?: string | null;
}

export interface Gold { themes: { theme: string; polarity: Polarity }[]; sentiment: string | null }

export interface ThemeMetrics { theme: string; support: number; predicted: number; precision: number; recall: number; f1: number }

export interface EvaluationReport {
  reviews: number;
  perTheme: ThemeMetrics[];
  microF1: number;
  macroF1: number;
  /** Share of reviews with at least one gold theme whose top prediction is one of them. */
  hitAt1: number;
  /** Share of correctly detected themes whose polarity is right (null when nothing was detected correctly). */
  polarityAccuracy: number | null;
  /** Polarity pairs judged. */
  polarityPairs: number;
  sentimentAccuracy: number | null;
  /** Most frequent (missed gold theme → spurious predicted theme) pairs within the same review. */
  confusions: { gold: string; predicted: string; count: number }[];
}

const f1Of = (tp: number, fp: number, fn: number): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

/**
 * Multi-label metrics over `themes` (standard definitions, e.g. Sorower 2010 "A literature survey on algorithms for
 * multi-label learning"): per-theme precision, recall and F1; micro-F1 from pooled counts; macro-F1 = mean of
 * per-theme F1 (themes with no gold and no prediction count as F1 = 0 only if they have support; otherwise skipped).
 */
export function evaluate(themes: readonly string[], gold: readonly Gold[], predicted: readonly Prediction[]): EvaluationReport {
  if (gold.length !== predicted.length) throw new Error(`evaluate: ${gold.length} gold rows, ${predicted.length} predictions`);
  const counts = new Map(themes.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  let hits = 0, withGold = 0, polarityRight = 0, polarityPairs = 0, sentimentRight = 0, sentimentPairs = 0;
  const confusion = new Map<string, number>();
  gold.forEach((g, i) => {
    const p = predicted[i];
    const goldSet = new Set(g.themes.map((x) => x.theme));
    const predSet = new Set(p.themes.map((x) => x.theme));
    for (const t of themes) {
      const c = counts.get(t)!;
      if (goldSet.has(t) && predSet.has(t)) c.tp++;
      else if (predSet.has(t)) c.fp++;
      else if (goldSet.has(t)) c.fn++;
    }
    if (goldSet.size > 0) { withGold++; if (p.top !== null && goldSet.has(p.top)) hits++; }
    for (const x of p.themes) {
      const gx = g.themes.find((y) => y.theme === x.theme);
      if (gx && x.polarity !== null) { polarityPairs++; if (gx.polarity === x.polarity) polarityRight++; }
    }
    const missed = [...goldSet].filter((t) => !predSet.has(t));
    const spurious = [...predSet].filter((t) => !goldSet.has(t));
    for (const a of missed) for (const b of spurious) confusion.set(`${a}\u0000${b}`, (confusion.get(`${a}\u0000${b}`) ?? 0) + 1);
    if (g.sentiment !== null && p.sentiment !== undefined && p.sentiment !== null) { sentimentPairs++; if (p.sentiment === g.sentiment) sentimentRight++; }
  });
  const perTheme = themes.map((theme) => {
    const { tp, fp, fn } = counts.get(theme)!;
    return {
      theme, support: tp + fn, predicted: tp + fp,
      precision: tp + fp === 0 ? 0 : tp / (tp + fp), recall: tp + fn === 0 ? 0 : tp / (tp + fn), f1: f1Of(tp, fp, fn),
    };
  });
  const pooled = [...counts.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const scored = perTheme.filter((m) => m.support > 0 || m.predicted > 0);
  return {
    reviews: gold.length, perTheme,
    microF1: f1Of(pooled.tp, pooled.fp, pooled.fn),
    macroF1: scored.length === 0 ? 0 : scored.reduce((a, m) => a + m.f1, 0) / scored.length,
    hitAt1: withGold === 0 ? 0 : hits / withGold,
    polarityAccuracy: polarityPairs === 0 ? null : polarityRight / polarityPairs, polarityPairs,
    sentimentAccuracy: sentimentPairs === 0 ? null : sentimentRight / sentimentPairs,
    confusions: [...confusion.entries()].map(([k, count]) => { const [g, p] = k.split('\u0000'); return { gold: g, predicted: p, count }; })
      .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold)).slice(0, 8),
  };
}

/** Cohen's kappa between two label sequences (Cohen 1960): (pₒ − pₑ) / (1 − pₑ); 1 = perfect, 0 = chance. */
export function cohenKappa(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('cohenKappa: sequences must have the same, non-zero length');
  const n = a.length;
  const po = a.filter((x, i) => x === b[i]).length / n;
  const labels = new Set([...a, ...b]);
  let pe = 0;
  for (const l of labels) pe += (a.filter((x) => x === l).length / n) * (b.filter((x) => x === l).length / n);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}
