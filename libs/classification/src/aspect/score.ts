import type { Polarity, Sentiment } from '../evaluation/labelled-reviews';
import type { ThemesFile } from '../themes.schema';
import { evidenceSegment, polarityFeatureVector, sentimentFeatureVector, themeFeatureVector, type ReviewFeatures } from './features';
import type { HeadFile } from './head';
import { predictBinary, predictSoftmax } from './logistic';

/** A theme found in a review, with the sentence that carried it: the explanation shown to users. */
export interface DetectedTheme {
  theme: string;
  /** Calibrated score in [0, 1]; the theme is detected when it reaches the theme's threshold. */
  score: number;
  polarity: Polarity;
  /** The title, sentence or clause that carried the theme (null when the review has no segment). */
  evidence: string | null;
  /** Similarity of that segment to the theme's phrases (cosine, about −1 to 1). */
  evidenceSimilarity: number | null;
}

export interface ReviewSentiment {
  label: Sentiment;
  /** P(positive) − P(negative) from the sentiment head, or (rating − 3) / 2 without one: −1 (negative) to 1 (positive). */
  score: number;
}

export interface AspectScores {
  /** One score per theme, file order. */
  scores: number[];
  /** Themes at or above their threshold, highest score first. */
  detected: DetectedTheme[];
  sentiment: ReviewSentiment;
}

/** Blend weight of the keyword indicator when no head file gives one. */
export const DEFAULT_BLEND = 0.3;
/** Threshold of a theme the head file does not calibrate. */
export const DEFAULT_THRESHOLD = 0.5;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Longest evidence kept, in UTF-16 code units: a sentence without punctuation can be a whole review. */
export const MAX_EVIDENCE_CHARS = 400;
/** The evidence cut at MAX_EVIDENCE_CHARS (on a code-point boundary) with an ellipsis. */
const clip = (s: string): string => (s.length <= MAX_EVIDENCE_CHARS ? s : `${Array.from(s.slice(0, MAX_EVIDENCE_CHARS - 1)).join('').replace(/[\uD800-\uDBFF]$/, '')}…`);

/**
 * Score every theme of one review and decide which are present, with polarity and evidence, and the review's
 * overall sentiment. Theme score = (1 − blend)·σ(head·features) + blend·[keyword found]; a theme without a fitted
 * head uses its phrase similarity instead of σ(…) (rescaled from [0.2, 0.8] to [0, 1]: uncalibrated until
 * `train-themes`). Polarity: the theme's fixed polarity, else the polarity head's argmax, else from the rating
 * (4–5 positive, 1–2 negative, 3 mixed, unknown positive).
 */
export function scoreReview(
  f: ReviewFeatures, segmentTexts: readonly string[], themes: ThemesFile['themes'], head: HeadFile | undefined, rating: number | null | undefined,
): AspectScores {
  const blend = head?.blend ?? DEFAULT_BLEND;
  const x = themeFeatureVector(f);
  const scores = themes.map((theme, t) => {
    const fitted = head?.themes[theme.label]?.head;
    const model = fitted && fitted.w.length === x.length ? predictBinary(fitted, x) : clamp01((f.themeSims[t] - 0.2) / 0.6);
    const w = head?.themes[theme.label]?.blend ?? blend;
    return (1 - w) * model + w * (f.keywordCounts[t] > 0 ? 1 : 0);
  });
  const ratingPolarity: Polarity = rating === null || rating === undefined || rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'mixed';
  const detected: DetectedTheme[] = [];
  themes.forEach((theme, t) => {
    const threshold = head?.themes[theme.label]?.threshold ?? DEFAULT_THRESHOLD;
    if (scores[t] < threshold) return;
    let polarity: Polarity;
    if (theme.polarity !== undefined && theme.polarity !== 'any') polarity = theme.polarity;
    else if (head?.polarity) {
      const p = predictSoftmax(head.polarity, polarityFeatureVector(f, t, themes.length, rating));
      polarity = head.polarity.classes[p.indexOf(Math.max(...p))] as Polarity;
    } else polarity = ratingPolarity;
    const s = evidenceSegment(f, t);
    detected.push({
      theme: theme.label, score: scores[t], polarity,
      evidence: s >= 0 ? clip(segmentTexts[s]) : null, evidenceSimilarity: s >= 0 ? f.segmentSims[s][t] : null,
    });
  });
  detected.sort((a, b) => b.score - a.score);
  let sentiment: ReviewSentiment;
  if (head?.sentiment) {
    const p = predictSoftmax(head.sentiment, sentimentFeatureVector(f, rating));
    const at = (c: string): number => p[head.sentiment!.classes.indexOf(c)] ?? 0;
    sentiment = { label: head.sentiment.classes[p.indexOf(Math.max(...p))] as Sentiment, score: at('positive') - at('negative') };
  } else {
    const score = rating === null || rating === undefined ? 0 : (rating - 3) / 2;
    sentiment = { label: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral', score };
  }
  return { scores, detected, sentiment };
}
