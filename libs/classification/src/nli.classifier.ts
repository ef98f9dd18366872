import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from './transformers';
import type { ClassifyInput, ThemeClassifier, ThemeResult } from './classifier.types';
import { toReviewInput } from './classifier.types';
import { encodePair, type Encoding } from './encode-pair';
import { hypothesisFor, labelsOf } from './hypothesis';
import { lengthOrderedChunks } from './length-ordered-chunks';
import type { LoadedModel } from './load-model';
import { floatData, outputTensor } from './model-output';
import { nliLabelIds, nliScores, type NliLabelIds } from './nli-scores';
import { padBatch } from './pad-batch';
import { toThemeResult } from './theme-result';
import type { ThemesConfig } from './themes.schema';

export interface NliSettings {
  modelId: string;
  themes: ThemesConfig;
  maxTokens: number;
  batchSize: number;
}

/**
 * Zero-shot NLI classifier: for every review × label a (premise = review, hypothesis = template(label)) pair;
 * `batchSize` reviews' pairs (batchSize × labels sequences) go through ONE padded tokenizer + model call.
 * Scores follow transformers.js's zero-shot-classification pipeline with its default multi_label = false.
 */
export class NliThemeClassifier implements ThemeClassifier {
  readonly engine = 'nli' as const;
  readonly modelId: string;
  readonly themesVersion: string;
  private readonly labels: string[];
  private readonly hypotheses: string[];
  private readonly ids: NliLabelIds;
  private readonly tokenizer: PreTrainedTokenizer;
  private readonly model: PreTrainedModel;

  constructor(loaded: LoadedModel, private readonly settings: NliSettings) {
    this.modelId = settings.modelId;
    this.themesVersion = settings.themes.themesVersion;
    this.labels = labelsOf(settings.themes);
    this.hypotheses = settings.themes.themes.map((t) => hypothesisFor(t, settings.themes.hypothesisTemplate));
    this.ids = nliLabelIds(loaded.config.label2id as Record<string, number> | undefined);
    this.tokenizer = loaded.tokenizer;
    this.model = loaded.model;
  }

  async classify(inputs: readonly ClassifyInput[]): Promise<ThemeResult[]> {
    const texts = inputs.map((x) => toReviewInput(x).text);
    const results = new Array<ThemeResult>(texts.length);
    for (const chunk of lengthOrderedChunks(texts, this.settings.batchSize)) {
      const encodings: Encoding[] = [];
      for (const i of chunk) {
        for (const h of this.hypotheses) encodings.push(encodePair(this.tokenizer, texts[i], h, this.settings.maxTokens));
      }
      const logits = await this.forward(encodings);
      const width = logits.length / encodings.length;
      chunk.forEach((textIndex, r) => {
        const rows = this.labels.map((_, l) => logits.subarray((r * this.labels.length + l) * width, (r * this.labels.length + l + 1) * width));
        results[textIndex] = toThemeResult(this.labels, nliScores(rows, this.ids));
      });
    }
    return results;
  }

  private async forward(encodings: Encoding[]): Promise<Float32Array> {
    const inputs = padBatch(encodings, {
      padTokenId: this.tokenizer.pad_token_id ?? 0,
      side: this.tokenizer.padding_side === 'left' ? 'left' : 'right',
    });
    const outputs = (await this.model(inputs)) as Record<string, Tensor>;
    return floatData(outputTensor(outputs, ['logits']));
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
