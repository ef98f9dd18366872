import type { ThemesConfig } from './themes.schema';
import type { DetectedTheme, ReviewSentiment } from './aspect/score';

export type ClassifierEngine = 'aspect' | 'nli' | 'embedding';

/** One review to classify. The aspect engine uses every field; the nli and embedding engines only `text`. */
export interface ReviewInput {
  text: string;
  title?: string | null;
  /** Star rating 1–5 (polarity and sentiment heads use it), null when unknown. */
  rating?: number | null;
  /** Language the source declares; used only when detection from the text gives no answer. */
  language?: string | null;
}

/** A review as a plain text (title and rating unknown) or with its fields. */
export type ClassifyInput = string | ReviewInput;

export const toReviewInput = (x: ClassifyInput): ReviewInput => (typeof x === 'string' ? { text: x } : x);

export interface ThemeResult {
  /** Label with the highest score (kept for ranking and compatibility, even when no theme reaches its threshold). */
  theme: string;
  /** Score of `theme` (the maximum score). */
  confidence: number;
  /**
   * Every label's score. nli and embedding engines: a distribution summing to ~1. aspect engine: independent
   * calibrated scores in [0, 1] (multi-label), compared with each theme's threshold.
   */
  scores: Record<string, number>;
  /** aspect engine: the themes detected (score ≥ threshold), highest first, with polarity and evidence. */
  themes?: DetectedTheme[];
  /** aspect engine: the review's overall sentiment. */
  sentiment?: ReviewSentiment;
  /** aspect engine: the original system's label derived from the themes (themes file `legacyLabels`). */
  legacyLabel?: string | null;
  /** aspect engine: detected language (ISO 639-1) or null. */
  language?: string | null;
  /** aspect engine: the model that embedded this review (language routing may pick the multilingual one). */
  modelId?: string;
}

export interface ThemeClassifier {
  /** The primary model (each result's own `modelId`, when present, says which model classified it). */
  readonly modelId: string;
  readonly themesVersion: string;
  readonly engine: ClassifierEngine;
  /** One result per input, in input order. An empty input gives an empty output without running the model. */
  classify(inputs: readonly ClassifyInput[]): Promise<ThemeResult[]>;
  /** Release the ONNX session(s). */
  dispose(): Promise<void>;
}

export interface CreateClassifierOptions {
  engine: ClassifierEngine;
  /** Root folder holding `<modelId>/` (config.json, tokenizer files, onnx/model.onnx); becomes env.localModelPath. */
  modelDir: string;
  /** e.g. `Xenova/all-MiniLM-L6-v2` (embedding, aspect) or `Xenova/distilbert-base-uncased-mnli` (nli). */
  modelId: string;
  /**
   * aspect engine: a multilingual model for reviews in languages the primary model does not serve
   * (e.g. `Xenova/multilingual-e5-small`); absent or its folder missing = the primary model classifies everything.
   */
  multilingualModelId?: string;
  /** Load onnx/model_quantized.onnx (dtype q8) instead of onnx/model.onnx (fp32). Default false. */
  quantized?: boolean;
  themes: ThemesConfig;
  /** Max tokens per sequence (NLI: the premise is truncated, the hypothesis never). Default 128 (aspect: 256). */
  maxTokens?: number;
  /** Reviews per forward pass (NLI runs batchSize × labels pairs per pass). Default 32. */
  batchSize?: number;
  /** ORT intra-op threads; 0 or absent = cpuQuotaThreads(). */
  threads?: number;
  /** Embedding engine only: softmax temperature over cosine similarities. Default 0.05. */
  temperature?: number;
}
