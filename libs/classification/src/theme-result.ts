import { argmax } from './math';
import type { ThemeResult } from './classifier.types';

/** Build a ThemeResult from per-label scores (same order as `labels`): theme = argmax, confidence = max score. */
export function toThemeResult(labels: readonly string[], scores: readonly number[]): ThemeResult {
  if (labels.length !== scores.length || labels.length === 0) {
    throw new Error(`toThemeResult: ${labels.length} labels but ${scores.length} scores`);
  }
  const best = argmax(scores);
  const record: Record<string, number> = {};
  labels.forEach((label, i) => { record[label] = scores[i]; });
  return { theme: labels[best], confidence: scores[best], scores: record };
}
