import type { ThemesConfig } from './themes.schema';

export type ClassifierEngine = 'nli' | 'embedding';

export interface ThemeResult {
  /** Label with the highest score. */
  theme: string;
  /** Score of `theme` (the maximum score). */
  confidence: number;
  /** Every label's score; they sum to ~1 for both engines (unless a single-label NLI theme set). */
  scores: Record<string, number>;
}

export interface ThemeClassifier {
  readonly modelId: string;
  readonly themesVersion: string;
  readonly engine: ClassifierEngine;
  /** One result per text, in input order. An empty input gives an empty output without running the model. */
  classify(texts: string[]): Promise<ThemeResult[]>;
  /** Release the ONNX session. */
  dispose(): Promise<void>;
}

export interface CreateClassifierOptions {
  engine: ClassifierEngine;
  /** Root folder holding `<modelId>/` (config.json, tokenizer files, onnx/model.onnx); becomes env.localModelPath. */
  modelDir: string;
  /** e.g. `Xenova/all-MiniLM-L6-v2` (embedding) or `Xenova/distilbert-base-uncased-mnli` (nli). */
  modelId: string;
  /** Load onnx/model_quantized.onnx (dtype q8) instead of onnx/model.onnx (fp32). Default false. */
  quantized?: boolean;
  themes: ThemesConfig;
  /** Max tokens per sequence (NLI: the premise is truncated, the hypothesis never). Default 128. */
  maxTokens?: number;
  /** Reviews per forward pass (NLI runs batchSize × labels pairs per pass). Default 32. */
  batchSize?: number;
  /** ORT intra-op threads; 0 or absent = cpuQuotaThreads(). */
  threads?: number;
  /** Embedding engine only: softmax temperature over cosine similarities. Default 0.05. */
  temperature?: number;
}
