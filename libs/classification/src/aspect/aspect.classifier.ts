import type { ClassifyInput, ThemeClassifier, ThemeResult } from '../classifier.types';
import { toReviewInput } from '../classifier.types';
import type { Embedder } from '../embedder';
import { labelsOf } from '../hypothesis';
import type { ThemesConfig } from '../themes.schema';
import { elementwiseMax, segmentThemeSimilarity, type ReviewFeatures } from './features';
import type { HeadFile } from './head';
import { compileKeywords, keywordCounts, type KeywordMatcher } from './keywords';
import { detectLanguage } from './language';
import { legacyLabelOf } from './legacy';
import { serves, type ModelProfile } from './model-profiles';
import { scoreReview } from './score';
import { reviewText, segmentReview } from './segments';

/** Tokens per segment (title, sentence, clause): segments are short; longer ones are truncated. */
export const SEGMENT_MAX_TOKENS = 64;

/** One embedding model the aspect engine routes reviews to, with its fitted heads. */
export interface AspectModel {
  modelId: string;
  profile: ModelProfile;
  embedder: Embedder;
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
    this.themesVersion = themes.themesVersion;
    this.labels = labelsOf(themes);
    this.keywords = compileKeywords(themes.themes);
  }

  /** `models[0]` is the primary model; the others serve the languages it does not. Embeds the theme phrases once. */
  static async create(themes: ThemesConfig, models: AspectModel[], maxTokens: number): Promise<AspectThemeClassifier> {
    if (models.length === 0) throw new Error('aspect classifier needs at least one model');
    const c = new AspectThemeClassifier(themes, models, maxTokens);
    for (const m of models) {
      const perTheme = themes.themes.map((t) => (t.examples?.length ? t.examples : t.descriptions?.length ? t.descriptions : [t.label]));
      const flat = await m.embedder.embed(perTheme.flat(), SEGMENT_MAX_TOKENS);
      let next = 0;
      c.phrases.set(m.modelId, perTheme.map((list) => list.map(() => flat[next++])));
    }
    return c;
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
    const reviewVectors = await model.embedder.embed(reviews.map((r) => reviewText(r.title, r.text)), this.maxTokens);
    const segmentVectors = await model.embedder.embed(reviews.flatMap((r) => r.segments), SEGMENT_MAX_TOKENS);
    const phrases = this.phrases.get(model.modelId)!;
    let next = 0;
    return reviews.map((r, k) => {
      const segments = segmentVectors.slice(next, next + r.segments.length);
      next += r.segments.length;
      const segmentSims = segments.map((s) => segmentThemeSimilarity(s, phrases));
      return {
        review: reviewVectors[k], segments, segmentSims,
        segmentKeywords: this.keywords.map((m) => r.segments.map((s) => keywordCounts([m], s, r.language)[0] > 0)),
        segmentMax: elementwiseMax(segments, reviewVectors[k]),
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
    for (const m of this.models) await m.embedder.dispose();
  }
}
