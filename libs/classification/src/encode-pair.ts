import type { PreTrainedTokenizer } from './transformers';

/** One sequence's token arrays (input_ids, attention_mask, maybe token_type_ids), unpadded. */
export type Encoding = Record<string, number[]>;

function encodeUnpadded(tokenizer: PreTrainedTokenizer, premise: string, hypothesis: string): Encoding {
  return tokenizer._call(premise, {
    text_pair: hypothesis, add_special_tokens: true, padding: false, truncation: false, return_tensor: false,
  }) as unknown as Encoding;
}

/** Start of `needle` inside `haystack`, or -1. */
function indexOfRun(haystack: readonly number[], needle: readonly number[]): number {
  outer: for (let k = 0; k + needle.length <= haystack.length; k++) {
    for (let j = 0; j < needle.length; j++) if (haystack[k + j] !== needle[j]) continue outer;
    return k;
  }
  return -1;
}

/**
 * Tokenize a (premise, hypothesis) pair with the tokenizer's own pair template ([CLS] p [SEP] h [SEP] for BERT),
 * and if longer than `maxTokens`, drop tokens from the END OF THE PREMISE only, so the hypothesis is never cut
 * (transformers.js's `truncation: true` cuts the tail of the whole pair, i.e. the hypothesis).
 * Sequences that fit are identical to the stock pipeline's tokenization.
 */
export function encodePair(
  tokenizer: PreTrainedTokenizer, premise: string, hypothesis: string, maxTokens: number,
): Encoding {
  const full = encodeUnpadded(tokenizer, premise, hypothesis);
  const excess = full.input_ids.length - maxTokens;
  if (excess <= 0) return full;

  const premiseIds = tokenizer.encode(premise, { add_special_tokens: false });
  const start = indexOfRun(full.input_ids, premiseIds);
  if (start < 0) return encodeByCuttingWords(tokenizer, premise, hypothesis, maxTokens);
  if (excess >= premiseIds.length) {
    throw new Error(`maxTokens=${maxTokens} leaves no room for the premise with hypothesis "${hypothesis}"`);
  }
  const cutAt = start + premiseIds.length - excess;
  const out: Encoding = {};
  for (const [key, values] of Object.entries(full)) out[key] = [...values.slice(0, cutAt), ...values.slice(cutAt + excess)];
  return out;
}

/** Fallback for tokenizers whose pair template does not contain the premise ids verbatim: shorten the text. */
function encodeByCuttingWords(
  tokenizer: PreTrainedTokenizer, premise: string, hypothesis: string, maxTokens: number,
): Encoding {
  let words = premise.split(/\s+/);
  for (let attempt = 0; attempt < 8 && words.length > 1; attempt++) {
    const enc = encodeUnpadded(tokenizer, words.join(' '), hypothesis);
    if (enc.input_ids.length <= maxTokens) return enc;
    words = words.slice(0, Math.max(1, Math.floor(words.length * (maxTokens / enc.input_ids.length) * 0.95)));
  }
  const enc = encodeUnpadded(tokenizer, words.join(' '), hypothesis);
  if (enc.input_ids.length > maxTokens) throw new Error(`cannot fit premise + hypothesis "${hypothesis}" into ${maxTokens} tokens`);
  return enc;
}
