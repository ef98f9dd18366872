import type { ClassifiedReview, CleanedReview, DetectedThemeRow } from '@reviewlens/contracts';
import type { ReviewInput, ThemeClassifier, ThemeResult } from '@reviewlens/classification';
import { relevanceScore } from '@reviewlens/domain';

/** What the classifier reads of a cleaned row: text, title, star rating (1–5) and the source's language tag. */
export function toReviewInputs(rows: readonly CleanedReview[]): ReviewInput[] {
  return rows.map((r) => ({ text: r.text, title: r.title, rating: r.rating, language: r.language }));
}

/** Detected themes as stored in the curated row: theme, score, polarity, evidence (the similarity is not kept). */
function detectedThemes(result: ThemeResult): DetectedThemeRow[] {
  return (result.themes ?? []).map((t) => ({ theme: t.theme, score: t.score, polarity: t.polarity, evidence: t.evidence }));
}

/**
 * Joins cleaned rows with their classification and the batch-independent relevance score. Each row records the model
 * that classified it (`result.modelId`, language routing may pick the multilingual model; else the classifier's
 * primary model) and the themes version. Results of the single-label engines (nli, embedding) carry no detected
 * themes, sentiment or legacy label: those fields are [] / null.
 */
export function toClassifiedRows(rows: CleanedReview[], results: ThemeResult[], model: Pick<ThemeClassifier, 'modelId' | 'themesVersion'>, now: Date): ClassifiedReview[] {
  if (results.length !== rows.length) throw new Error(`classifier returned ${results.length} results for ${rows.length} rows`);
  return rows.map((row, i) => {
    const r = results[i]!;
    const base = {
      ...row, theme: r.theme, confidence: r.confidence, themeScores: r.scores,
      themes: detectedThemes(r),
      sentiment: r.sentiment ? Math.min(1, Math.max(-1, r.sentiment.score)) : null,
      sentimentLabel: r.sentiment?.label ?? null,
      legacyCategory: r.legacyLabel ?? null,
      detectedLanguage: r.language ?? null,
      modelId: r.modelId ?? model.modelId, themesVersion: model.themesVersion,
    };
    return { ...base, relevance: relevanceScore(base, now) };
  });
}
