import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePair } from './encode-pair';
import { padBatch } from './pad-batch';
import { transformers, type PreTrainedTokenizer } from './transformers';
import { TINY_BERT_TOKENIZER_CONFIG, tinyBertTokenizerJson } from './tiny-bert.fixture';

const tokenizer: PreTrainedTokenizer = new transformers.BertTokenizer(tinyBertTokenizerJson(), TINY_BERT_TOKENIZER_CONFIG);
const ids = (words: string) => words.split(' ').map((w) => tokenizer.encode(w, { add_special_tokens: false })[0]);
const [CLS, SEP] = [2, 3];

describe('encodePair', () => {
  const premise = 'the box arrived late and broken';
  const hypothesis = 'this review is about delivery issue .';

  test('fits: identical to the tokenizer pair encoding', () => {
    const enc = encodePair(tokenizer, premise, hypothesis, 64);
    const stock = tokenizer._call(premise, { text_pair: hypothesis, return_tensor: false }) as unknown as Record<string, number[]>;
    assert.deepEqual(enc, stock);
    assert.deepEqual(enc.input_ids, [CLS, ...ids(premise), SEP, ...ids(hypothesis), SEP]);
  });

  test('too long: only the end of the premise is cut, the hypothesis stays whole', () => {
    const enc = encodePair(tokenizer, premise, hypothesis, 12);
    assert.equal(enc.input_ids.length, 12);
    assert.deepEqual(enc.input_ids, [CLS, ...ids('the box'), SEP, ...ids(hypothesis), SEP]);
    assert.equal(enc.attention_mask.length, 12);
    if (enc.token_type_ids) assert.deepEqual(enc.token_type_ids, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  test('a hypothesis that leaves no room for the premise is an error', () => {
    assert.throws(() => encodePair(tokenizer, premise, hypothesis, 10), /no room for the premise/);
  });
});

describe('padBatch', () => {
  test('right padding with the pad id and zero masks', () => {
    const a = { input_ids: [2, 5, 3], attention_mask: [1, 1, 1] };
    const b = { input_ids: [2, 3], attention_mask: [1, 1] };
    const t = padBatch([a, b], { padTokenId: 0, side: 'right' });
    assert.deepEqual(t.input_ids.dims, [2, 3]);
    assert.deepEqual([...(t.input_ids.data as BigInt64Array)].map(Number), [2, 5, 3, 2, 3, 0]);
    assert.deepEqual([...(t.attention_mask.data as BigInt64Array)].map(Number), [1, 1, 1, 1, 1, 0]);
    const left = padBatch([a, b], { padTokenId: 9, side: 'left' });
    assert.deepEqual([...(left.input_ids.data as BigInt64Array)].map(Number), [2, 5, 3, 9, 2, 3]);
  });
});
