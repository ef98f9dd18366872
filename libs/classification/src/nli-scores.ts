import { softmax } from './math';

export interface NliLabelIds {
  entailment: number;
  contradiction: number;
}

/**
 * Find entailment/contradiction ids in config.json's label2id exactly as transformers.js's
 * ZeroShotClassificationPipeline does: keys lower-cased; contradiction falls back to "not_entailment";
 * missing ids fall back to 2 (entailment) and 0 (contradiction).
 */
export function nliLabelIds(label2id: Record<string, number> | undefined): NliLabelIds {
  const lower = Object.fromEntries(Object.entries(label2id ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    entailment: lower['entailment'] ?? 2,
    contradiction: lower['contradiction'] ?? lower['not_entailment'] ?? 0,
  };
}

/**
 * Scores of one premise against every label, from each (premise, hypothesis) pair's logits row, as the stock
 * `zero-shot-classification` pipeline computes them by default (multi_label = false):
 * - several labels: softmax of the entailment logits across labels (scores sum to 1);
 * - one label: softmax over [contradiction, entailment] of that pair, entailment probability.
 */
export function nliScores(logitRows: ArrayLike<number>[], ids: NliLabelIds): number[] {
  if (logitRows.length === 1) {
    const row = logitRows[0];
    return [softmax([row[ids.contradiction], row[ids.entailment]])[1]];
  }
  return softmax(logitRows.map((row) => row[ids.entailment]));
}
