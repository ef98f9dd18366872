import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from './transformers';
import type { Encoding } from './encode-pair';
import { l2Normalize, meanPool } from './math';
import { floatData, outputTensor } from './model-output';
import { padBatch } from './pad-batch';

/** One text to embed and the most tokens it may keep (special tokens included). */
export interface EmbedItem { text: string; maxTokens: number }

/**
 * Token batches for `lengths` (tokens per sequence): indices sorted by length (stable), cut whenever a batch would
 * exceed `maxCount` sequences or `tokenBudget` padded positions (count × longest). Short sequences share big
 * batches, long ones small batches, and little compute goes into padding. Callers write results back by index.
 */
export function tokenBatches(lengths: readonly number[], maxCount: number, tokenBudget: number): number[][] {
  if (!(maxCount >= 1)) throw new Error(`batch size must be >= 1, got ${maxCount}`);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    // Sorted ascending: the newcomer is the longest of the batch.
    if (current.length > 0 && (current.length >= maxCount || (current.length + 1) * lengths[i] > tokenBudget)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Sentence embeddings from a transformers.js encoder (sentence-transformers style): each text tokenized once,
 * truncated to its own `maxTokens`; sequences batched by token count (tokenBatches: at most `batchSize` sequences
 * and `batchSize × 64` padded positions per forward pass); mean pooling over real tokens; L2 normalisation.
 * Output: one Float32Array of `dim` values per text, input order. `prefix` is prepended to every text
 * (e5 models expect "query: "). Padding is masked, so a text's embedding does not depend on its batch.
 */
export class Embedder {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly opts: { batchSize: number; prefix?: string },
  ) {}

  embed(texts: readonly string[], maxTokens: number): Promise<Float32Array[]> {
    return this.embedMany(texts.map((text) => ({ text, maxTokens })));
  }

  /** Embed texts with different token limits (e.g. whole reviews and their sentences) in one set of passes. */
  async embedMany(items: readonly EmbedItem[]): Promise<Float32Array[]> {
    const prefix = this.opts.prefix ?? '';
    const encodings = items.map((it) => this.tokenizer._call(prefix + it.text, {
      add_special_tokens: true, padding: false, truncation: true, max_length: it.maxTokens, return_tensor: false,
    }) as unknown as Encoding);
    const out = new Array<Float32Array>(items.length);
    const batches = tokenBatches(encodings.map((e) => e.input_ids.length), this.opts.batchSize, this.opts.batchSize * 64);
    for (const batch of batches) {
      const inputs = padBatch(batch.map((i) => encodings[i]), { padTokenId: this.tokenizer.pad_token_id ?? 0, side: 'right' });
      const outputs = (await this.model(inputs)) as Record<string, Tensor>;
      const hidden = outputTensor(outputs, ['last_hidden_state', 'token_embeddings']);
      const vectors = meanPool(floatData(hidden), hidden.dims, inputs.attention_mask.data as ArrayLike<bigint>).map(l2Normalize);
      batch.forEach((index, r) => { out[index] = vectors[r]; });
    }
    return out;
  }

  dispose(): Promise<unknown> {
    return this.model.dispose();
  }
}
