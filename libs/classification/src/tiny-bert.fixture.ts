import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Words of the tiny WordPiece vocabulary used by unit tests (ids follow the specials 0..4). */
const WORDS = ['the', 'box', 'arrived', 'late', 'and', 'broken', 'this', 'review', 'is', 'about', 'delivery', 'issue', '.', 'great', 'price'];

/** A BERT-style tokenizer.json (WordPiece + [CLS] A [SEP] B [SEP] template), built in code for unit tests. */
export function tinyBertTokenizerJson(): Record<string, unknown> {
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const vocab: Record<string, number> = {};
  [...specials, ...WORDS].forEach((w, i) => { vocab[w] = i; });
  const special = (id: string, type_id: number) => ({ SpecialToken: { id, type_id } });
  const seq = (id: string, type_id: number) => ({ Sequence: { id, type_id } });
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0), seq('B', 1), special('[SEP]', 1)],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export const TINY_BERT_TOKENIZER_CONFIG = {
  cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  do_lower_case: true, model_max_length: 512, tokenizer_class: 'BertTokenizer',
};

/** Write `<root>/<modelId>/` with config.json, tokenizer files and optionally onnx/model.onnx bytes. */
export function writeFakeModelFolder(
  root: string, modelId: string, opts: { config?: string; onnx?: Buffer } = {},
): string {
  const folder = join(root, modelId);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  writeFileSync(join(folder, 'config.json'), opts.config ?? JSON.stringify({
    model_type: 'distilbert', architectures: ['DistilBertForSequenceClassification'],
    label2id: { ENTAILMENT: 0, NEUTRAL: 1, CONTRADICTION: 2 }, id2label: { 0: 'ENTAILMENT', 1: 'NEUTRAL', 2: 'CONTRADICTION' },
  }));
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(tinyBertTokenizerJson()));
  writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify(TINY_BERT_TOKENIZER_CONFIG));
  if (opts.onnx) writeFileSync(join(folder, 'onnx', 'model.onnx'), opts.onnx);
  return folder;
}
