import type { ClassifiedReview, CleanedReview } from '@reviewlens/contracts';
import type { ThemeClassifier, ThemeResult } from '@reviewlens/classification';
import { relevanceScore } from '@reviewlens/domain';

/** Joins cleaned rows with their classification and the batch-independent relevance score. */
export function toClassifiedRows(rows: CleanedReview[], results: ThemeResult[], model: Pick<ThemeClassifier, 'modelId' | 'themesVersion'>, now: Date): ClassifiedReview[] {
  if (results.length !== rows.length) throw new Error(`classifier returned ${results.length} results for ${rows.length} rows`);
  return rows.map((row, i) => {
    const r = results[i]!;
    const base = { ...row, theme: r.theme, confidence: r.confidence, themeScores: r.scores, modelId: model.modelId, themesVersion: model.themesVersion };
    return { ...base, relevance: relevanceScore(base, now) };
  });
}
