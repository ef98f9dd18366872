import { dot } from '../math';

/** Ratings 1–5 as a one-hot vector scaled by 2 (all zeros when unknown): the polarity and sentiment heads use it. */
export function ratingFeatures(rating: number | null | undefined): number[] {
  const v = [0, 0, 0, 0, 0];
  if (rating !== null && rating !== undefined && Number.isInteger(rating) && rating >= 1 && rating <= 5) v[rating - 1] = 2;
  return v;
}

/**
 * Similarity of one segment to each theme: the mean of its two highest cosines with the theme's phrases
 * (examples, else descriptions, else the label). `phrases[t]` holds theme t's normalised phrase embeddings.
 */
export function segmentThemeSimilarity(segment: Float32Array, phrases: readonly Float32Array[][]): number[] {
  return phrases.map((list) => {
    let first = -1, second = -1;
    for (const p of list) {
      const c = dot(segment, p);
      if (c > first) { second = first; first = c; } else if (c > second) second = c;
    }
    return list.length === 1 ? first : (first + second) / 2;
  });
}

/** Everything the heads need about one review, computed once per review. */
export interface ReviewFeatures {
  /** Embedding of "title. text". */
  review: Float32Array;
  /** Element-wise maximum of the segment embeddings (the review embedding when there are no segments). */
  segmentMax: Float32Array;
  /** Segment embeddings, segment order. */
  segments: Float32Array[];
  /** segmentSims[s][t]: similarity of segment s to theme t. */
  segmentSims: number[][];
  /** Per theme, the maximum over segments of segmentSims (0 when there are no segments). */
  themeSims: number[];
  /** Per theme, distinct keywords found in the review. */
  keywordCounts: number[];
  /** Per theme, per segment: whether a keyword of the theme occurs in that segment. */
  segmentKeywords: boolean[][];
}

export function elementwiseMax(vectors: readonly Float32Array[], fallback: Float32Array): Float32Array {
  if (vectors.length === 0) return fallback;
  const out = Float32Array.from(vectors[0]);
  for (const v of vectors.slice(1)) for (let i = 0; i < out.length; i++) if (v[i] > out[i]) out[i] = v[i];
  return out;
}

/**
 * Input of the theme heads: [review (d), segmentMax (d), 3·themeSims (T), log(1 + keywordCounts) (T)], 2d + 2T values.
 * The factor 3 brings the similarities (cosines around 0.1–0.7) to the scale of the other features.
 */
export function themeFeatureVector(f: ReviewFeatures): Float32Array {
  const d = f.review.length, t = f.themeSims.length;
  const out = new Float32Array(2 * d + 2 * t);
  out.set(f.review, 0);
  out.set(f.segmentMax, d);
  f.themeSims.forEach((s, i) => { out[2 * d + i] = 3 * s; });
  f.keywordCounts.forEach((c, i) => { out[2 * d + t + i] = Math.log1p(c); });
  return out;
}

/** Index of the segment that carries theme `t`: highest similarity, +0.05 when a keyword of the theme is in it; -1 without segments. */
export function evidenceSegment(f: ReviewFeatures, t: number): number {
  let best = -1, bestScore = -Infinity;
  f.segmentSims.forEach((sims, s) => {
    const score = sims[t] + (f.segmentKeywords[t]?.[s] ? 0.05 : 0);
    if (score > bestScore) { bestScore = score; best = s; }
  });
  return best;
}

/** Input of the polarity head for theme `t`: [carrying segment (d), review (d), rating one-hot·2 (5), theme one-hot (T)]. */
export function polarityFeatureVector(f: ReviewFeatures, t: number, themeCount: number, rating: number | null | undefined): Float32Array {
  const d = f.review.length;
  const s = evidenceSegment(f, t);
  const out = new Float32Array(2 * d + 5 + themeCount);
  out.set(s >= 0 ? f.segments[s] : f.review, 0);
  out.set(f.review, d);
  out.set(ratingFeatures(rating), 2 * d);
  out[2 * d + 5 + t] = 1;
  return out;
}

/** Input of the sentiment head: [review (d), segmentMax (d), rating one-hot·2 (5)]. */
export function sentimentFeatureVector(f: ReviewFeatures, rating: number | null | undefined): Float32Array {
  const d = f.review.length;
  const out = new Float32Array(2 * d + 5);
  out.set(f.review, 0);
  out.set(f.segmentMax, d);
  out.set(ratingFeatures(rating), 2 * d);
  return out;
}
