import { createHash } from 'node:crypto';
import type { ClassifyInput, ThemeClassifier, ThemeResult } from '../classifier.types';
import { toReviewInput } from '../classifier.types';
import type { Embedder } from '../embedder';
import { labelsOf } from '../hypothesis';
import type { ThemesConfig } from '../themes.schema';
import { canonicalJson } from '../themes-version';
import { elementwiseMax, segmentThemeSimilarity, type ReviewFeatures } from './features';
import type { HeadFile } from './head';
import { compileKeywords, keywordCounts, type KeywordMatcher } from './keywords';
import { detectLanguage } from './language';
import { legacyLabelOf } from './legacy';
import { serves, type ModelProfile } from './model-profiles';
import { scoreReview } from './score';
import { reviewText, segmentReview } from './segments';

/**
 * The version stamped on rows: the themes file's version, plus `+h<8 hex>` of sha256 over the loaded heads when there
 * are any, so retraining the heads (same themes file, other scores) is visible on every row.
 */
export function aspectThemesVersion(themesVersion: string, heads: readonly (HeadFile | undefined)[]): string {
  const loaded = heads.filter((h): h is HeadFile => h !== undefined);
  if (loaded.length === 0) return themesVersion;
  const hash = createHash('sha256');
  for (const h of loaded) hash.update(canonicalJson(h));
  return `${themesVersion}+h${hash.digest('hex').slice(0, 8)}`;
}

/** Tokens per segment (title, sentence, clause): segments are short; longer ones are truncated. */
export const SEGMENT_MAX_TOKENS = 64;

/** One embedding model the aspect engine routes reviews to, with its fitted heads. */
export interface AspectModel {
  modelId: string;
  profile: ModelProfile;
  /** The model's embedder, loaded on first use (a multilingual model costs memory only once a review needs it). */
  embedder: () => Promise<Embedder>;
  /** Release the model if it was loaded. */
  dispose: () => Promise<void>;
  /** Heads fitted for this model and these themes (undefined: zero-shot scores, uncalibrated). */
  head: HeadFile | undefined;
}

/** A review prepared for one model: its segments, language and rating. */
interface Prepared { index: number; title: string | null; text: string; rating: number | null; language: string | null; segments: string[] }

/**
 * Aspect engine: multi-label themes with polarity, detected at sentence/clause level.
 * Per review: detect the language, split into title, sentences and clauses, embed the review and every segment,
 * compare each segment with each theme's example phrases, count the theme keywords, and score each theme with the
 * head fitted by `train-themes` (calibrated threshold per theme). Each detected theme keeps the segment that carried
 * it (evidence) and a polarity; each review gets an overall sentiment and the original system's label.
 * Reviews in a language the primary model does not serve go to the multilingual model when one is loaded.
 */
export class AspectThemeClassifier implements ThemeClassifier {
  readonly engine = 'aspect' as const;
  readonly modelId: string;
  readonly themesVersion: string;
  private readonly labels: string[];
  private readonly keywords: KeywordMatcher;
  private phrases = new Map<string, Float32Array[][]>();

  private constructor(private readonly themes: ThemesConfig, private readonly models: AspectModel[], private readonly maxTokens: number) {
    this.modelId = models[0].modelId;
    this.themesVersion = aspectThemesVersion(themes.themesVersion, models.map((m) => m.head));
    this.labels = labelsOf(themes);
    this.keywords = compileKeywords(themes.themes);
  }

  /** `models[0]` is the primary model (loaded now); the others serve the languages it does not, loaded when first needed. */
  static async create(themes: ThemesConfig, models: AspectModel[], maxTokens: number): Promise<AspectThemeClassifier> {
    if (models.length === 0) throw new Error('aspect classifier needs at least one model');
    const c = new AspectThemeClassifier(themes, models, maxTokens);
    await c.phrasesOf(models[0]);
    return c;
  }

  /** Embeddings of each theme's phrases (examples, else descriptions, else the label) for one model, computed once. */
  private async phrasesOf(model: AspectModel): Promise<Float32Array[][]> {
    const known = this.phrases.get(model.modelId);
    if (known) return known;
    const perTheme = this.themes.themes.map((t) => (t.examples?.length ? t.examples : t.descriptions?.length ? t.descriptions : [t.label]));
    const flat = await (await model.embedder()).embed(perTheme.flat(), SEGMENT_MAX_TOKENS);
    let next = 0;
    const phrases = perTheme.map((list) => list.map(() => flat[next++]));
    this.phrases.set(model.modelId, phrases);
    return phrases;
  }

  /** The heads each model uses (for /health and reports). */
  get heads(): { modelId: string; head: HeadFile | undefined }[] {
    return this.models.map((m) => ({ modelId: m.modelId, head: m.head }));
  }

  private route(language: string | null): AspectModel {
    if (serves(this.models[0].profile, language)) return this.models[0];
    return this.models.slice(1).find((m) => serves(m.profile, language)) ?? this.models[0];
  }

  private prepare(raw: ClassifyInput, index: number): Prepared {
    const input = toReviewInput(raw);
    const title = input.title ?? null;
    const language = detectLanguage(reviewText(title, input.text), input.language);
    return {
      index, title, text: input.text, rating: input.rating ?? null, language,
      segments: segmentReview(title, input.text, language).map((s) => s.text),
    };
  }

  /** Embed and describe `reviews` with one model: two batched passes (whole reviews, then every segment). */
  private async describe(model: AspectModel, reviews: readonly Prepared[]): Promise<ReviewFeatures[]> {
    const items = [
      ...reviews.map((r) => ({ text: reviewText(r.title, r.text), maxTokens: this.maxTokens })),
      ...reviews.flatMap((r) => r.segments.map((text) => ({ text, maxTokens: SEGMENT_MAX_TOKENS }))),
    ];
    const vectors = await (await model.embedder()).embedMany(items);
    const phrases = await this.phrasesOf(model);
    let next = reviews.length;
    return reviews.map((r, k) => {
      const review = vectors[k];
      const segments = vectors.slice(next, next + r.segments.length);
      next += r.segments.length;
      const segmentSims = segments.map((s) => segmentThemeSimilarity(s, phrases));
      return {
        review, segments, segmentSims,
        segmentKeywords: this.keywords.map((m) => r.segments.map((s) => keywordCounts([m], s, r.language)[0] > 0)),
        segmentMax: elementwiseMax(segments, review),
        themeSims: this.labels.map((_, t) => (segmentSims.length ? Math.max(...segmentSims.map((s) => s[t])) : 0)),
        keywordCounts: keywordCounts(this.keywords, reviewText(r.title, r.text), r.language),
      };
    });
  }

  async classify(inputs: readonly ClassifyInput[]): Promise<ThemeResult[]> {
    const out = new Array<ThemeResult>(inputs.length);
    const groups = new Map<AspectModel, Prepared[]>();
    inputs.forEach((raw, index) => {
      const prepared = this.prepare(raw, index);
      const model = this.route(prepared.language);
      const group = groups.get(model);
      if (group) group.push(prepared); else groups.set(model, [prepared]);
    });
    for (const [model, reviews] of groups) {
      const described = await this.describe(model, reviews);
      reviews.forEach((r, k) => {
        const scored = scoreReview(described[k], r.segments, this.themes.themes, model.head, r.rating);
        // A review without a single visible letter or digit (empty, blanks, zero-width characters) talks about
        // nothing: no theme is detected, whatever the keyword-free scores say.
        if (r.segments.length === 0) scored.detected = [];
        const best = scored.scores.indexOf(Math.max(...scored.scores));
        out[r.index] = {
          theme: this.labels[best], confidence: scored.scores[best],
          scores: Object.fromEntries(this.labels.map((l, t) => [l, scored.scores[t]])),
          themes: scored.detected, sentiment: scored.sentiment,
          legacyLabel: legacyLabelOf(this.themes, scored.detected, scored.sentiment.label),
          language: r.language, modelId: model.modelId,
        };
      });
    }
    return out;
  }

  /**
   * Training input: every review described by the model `modelId` (no language routing: each model's heads are
   * fitted on all the labelled reviews), with its segment texts, detected language and rating.
   */
  async describeFor(modelId: string, inputs: readonly ClassifyInput[]): Promise<{ features: ReviewFeatures; segments: string[]; language: string | null; rating: number | null }[]> {
    const model = this.models.find((m) => m.modelId === modelId);
    if (!model) throw new Error(`model ${modelId} is not loaded (loaded: ${this.models.map((m) => m.modelId).join(', ')})`);
    const prepared = inputs.map((x, i) => this.prepare(x, i));
    const described = await this.describe(model, prepared);
    return prepared.map((p, i) => ({ features: described[i], segments: p.segments, language: p.language, rating: p.rating }));
  }

  /** Loaded model ids, primary first. */
  get modelIds(): string[] {
    return this.models.map((m) => m.modelId);
  }

  async dispose(): Promise<void> {
    for (const m of this.models) await m.dispose();
  }
}
