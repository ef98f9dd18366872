import { transformers, type Tensor } from './transformers';
import type { Encoding } from './encode-pair';

export interface PadOptions {
  padTokenId: number;
  side: 'left' | 'right';
}

/**
 * Pad unpadded encodings to the longest one and stack them as int64 tensors [batch, tokens]
 * (input_ids padded with the pad token, attention_mask/token_type_ids with 0), as the tokenizer's `padding: true` does.
 */
export function padBatch(encodings: readonly Encoding[], { padTokenId, side }: PadOptions): Record<string, Tensor> {
  if (encodings.length === 0) throw new Error('padBatch: empty batch');
  const width = Math.max(...encodings.map((e) => e.input_ids.length));
  const result: Record<string, Tensor> = {};
  for (const key of Object.keys(encodings[0])) {
    const data = new BigInt64Array(encodings.length * width);
    const fill = BigInt(key === 'input_ids' ? padTokenId : 0);
    encodings.forEach((enc, row) => {
      const values = enc[key];
      const pad = width - values.length;
      const offset = row * width + (side === 'left' ? pad : 0);
      const padStart = row * width + (side === 'left' ? 0 : values.length);
      for (let i = 0; i < pad; i++) data[padStart + i] = fill;
      for (let i = 0; i < values.length; i++) data[offset + i] = BigInt(values[i]);
    });
    result[key] = new transformers.Tensor('int64', data, [encodings.length, width]);
  }
  return result;
}
