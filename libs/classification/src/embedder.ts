import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from './transformers';
import { lengthOrderedChunks } from './length-ordered-chunks';
import { l2Normalize, meanPool } from './math';
import { floatData, outputTensor } from './model-output';

/**
 * Sentence embeddings from a transformers.js encoder (sentence-transformers style): tokens truncated to
 * `maxTokens`, one padded forward pass per `batchSize` texts (texts of similar length batched together),
 * mean pooling over real tokens, L2 normalisation. Output: one Float32Array of `dim` values per text, input order.
 * `prefix` is prepended to every text (e5 models expect "query: ").
 */
export class Embedder {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly opts: { batchSize: number; prefix?: string },
  ) {}

  async embed(texts: readonly string[], maxTokens: number): Promise<Float32Array[]> {
    const prefix = this.opts.prefix ?? '';
    const input = prefix === '' ? texts : texts.map((t) => prefix + t);
    const out = new Array<Float32Array>(input.length);
    for (const chunk of lengthOrderedChunks(input, this.opts.batchSize)) {
      const vectors = await this.embedBatch(chunk.map((i) => input[i]), maxTokens);
      chunk.forEach((textIndex, r) => { out[textIndex] = vectors[r]; });
    }
    return out;
  }

  private async embedBatch(texts: string[], maxTokens: number): Promise<Float32Array[]> {
    const inputs = this.tokenizer._call(texts, { padding: true, truncation: true, max_length: maxTokens }) as unknown as Record<string, Tensor>;
    const outputs = (await this.model(inputs)) as Record<string, Tensor>;
    const hidden = outputTensor(outputs, ['last_hidden_state', 'token_embeddings']);
    const mask = inputs.attention_mask.data as ArrayLike<bigint>;
    return meanPool(floatData(hidden), hidden.dims, mask).map(l2Normalize);
  }

  dispose(): Promise<unknown> {
    return this.model.dispose();
  }
}
