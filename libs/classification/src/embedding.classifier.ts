import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from './transformers';
import type { ThemeClassifier, ThemeResult } from './classifier.types';
import { labelsOf, labelTextsFor } from './hypothesis';
import { lengthOrderedChunks } from './length-ordered-chunks';
import type { LoadedModel } from './load-model';
import { dot, l2Normalize, meanPool, softmaxWithTemperature } from './math';
import { floatData, outputTensor } from './model-output';
import { toThemeResult } from './theme-result';
import type { ThemesConfig } from './themes.schema';

export interface EmbeddingSettings {
  modelId: string;
  themes: ThemesConfig;
  maxTokens: number;
  batchSize: number;
  /** softmax(cosine / temperature); 0.05 turns a cosine gap of 0.1 into a factor e^2 ≈ 7.4 between labels. */
  temperature: number;
}

/**
 * Embedding classifier (sentence-transformers style, e.g. all-MiniLM-L6-v2): mean-pooled, L2-normalised embeddings.
 * Each label is the normalised centroid of its texts (hypothesis + descriptions), embedded once when built;
 * each batch of reviews is ONE padded forward pass, then cosine similarity to every label → softmax(cos / T).
 */
export class EmbeddingThemeClassifier implements ThemeClassifier {
  readonly engine = 'embedding' as const;
  readonly modelId: string;
  readonly themesVersion: string;
  private readonly labels: string[];
  private readonly tokenizer: PreTrainedTokenizer;
  private readonly model: PreTrainedModel;
  private labelVectors: Float32Array[] = [];

  private constructor(loaded: LoadedModel, private readonly settings: EmbeddingSettings) {
    this.modelId = settings.modelId;
    this.themesVersion = settings.themes.themesVersion;
    this.labels = labelsOf(settings.themes);
    this.tokenizer = loaded.tokenizer;
    this.model = loaded.model;
  }

  static async create(loaded: LoadedModel, settings: EmbeddingSettings): Promise<EmbeddingThemeClassifier> {
    const classifier = new EmbeddingThemeClassifier(loaded, settings);
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

  /** Normalised embeddings of `texts`, in input order, `batchSize` texts per forward pass. */
  async embedAll(texts: string[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    for (const chunk of lengthOrderedChunks(texts, this.settings.batchSize)) {
      const vectors = await this.embedBatch(chunk.map((i) => texts[i]));
      chunk.forEach((textIndex, r) => { out[textIndex] = vectors[r]; });
    }
    return out;
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const inputs = this.tokenizer._call(texts, {
      padding: true, truncation: true, max_length: this.settings.maxTokens,
    }) as unknown as Record<string, Tensor>;
    const outputs = (await this.model(inputs)) as Record<string, Tensor>;
    const hidden = outputTensor(outputs, ['last_hidden_state', 'token_embeddings']);
    const mask = inputs.attention_mask.data as ArrayLike<bigint>;
    return meanPool(floatData(hidden), hidden.dims, mask).map(l2Normalize);
  }

  async classify(texts: string[]): Promise<ThemeResult[]> {
    if (texts.length === 0) return [];
    const vectors = await this.embedAll(texts);
    return vectors.map((v) => {
      const cosines = this.labelVectors.map((label) => dot(v, label));
      return toThemeResult(this.labels, softmaxWithTemperature(cosines, this.settings.temperature));
    });
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
