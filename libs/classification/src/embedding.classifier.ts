import type { ClassifyInput, ThemeClassifier, ThemeResult } from './classifier.types';
import { toReviewInput } from './classifier.types';
import type { Embedder } from './embedder';
import { labelsOf, labelTextsFor } from './hypothesis';
import { dot, l2Normalize, softmaxWithTemperature } from './math';
import { toThemeResult } from './theme-result';
import type { ThemesConfig } from './themes.schema';

export interface EmbeddingSettings {
  modelId: string;
  themes: ThemesConfig;
  maxTokens: number;
  /** softmax(cosine / temperature); 0.05 turns a cosine gap of 0.1 into a factor e^2 ≈ 7.4 between labels. */
  temperature: number;
}

/**
 * Single-label embedding classifier (the original engine, kept for comparison): each label is the normalised
 * centroid of its texts (hypothesis + descriptions), embedded once; each review's embedding is compared with every
 * label → softmax(cos / T). The aspect engine (aspect/aspect.classifier.ts) is the default.
 */
export class EmbeddingThemeClassifier implements ThemeClassifier {
  readonly engine = 'embedding' as const;
  readonly modelId: string;
  readonly themesVersion: string;
  private readonly labels: string[];
  private labelVectors: Float32Array[] = [];

  private constructor(private readonly embedder: Embedder, private readonly settings: EmbeddingSettings) {
    this.modelId = settings.modelId;
    this.themesVersion = settings.themes.themesVersion;
    this.labels = labelsOf(settings.themes);
  }

  static async create(embedder: Embedder, settings: EmbeddingSettings): Promise<EmbeddingThemeClassifier> {
    const classifier = new EmbeddingThemeClassifier(embedder, settings);
    await classifier.embedLabels();
    return classifier;
  }

  private async embedLabels(): Promise<void> {
    const { themes, hypothesisTemplate } = this.settings.themes;
    const perTheme = themes.map((t) => labelTextsFor(t, hypothesisTemplate));
    const vectors = await this.embedAll(perTheme.flat());
    let next = 0;
    this.labelVectors = perTheme.map((texts) => {
      const centroid = new Float32Array(vectors[0].length);
      for (let k = 0; k < texts.length; k++) {
        const v = vectors[next++];
        for (let d = 0; d < centroid.length; d++) centroid[d] += v[d];
      }
      return l2Normalize(centroid);
    });
  }

  /** Normalised embeddings of `texts`, in input order. */
  embedAll(texts: string[]): Promise<Float32Array[]> {
    return this.embedder.embed(texts, this.settings.maxTokens);
  }

  async classify(inputs: readonly ClassifyInput[]): Promise<ThemeResult[]> {
    if (inputs.length === 0) return [];
    const vectors = await this.embedAll(inputs.map((x) => toReviewInput(x).text));
    return vectors.map((v) => {
      const cosines = this.labelVectors.map((label) => dot(v, label));
      return toThemeResult(this.labels, softmaxWithTemperature(cosines, this.settings.temperature));
    });
  }

  async dispose(): Promise<void> {
    await this.embedder.dispose();
  }
}
