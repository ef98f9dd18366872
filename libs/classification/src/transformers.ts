/**
 * The one place this lib touches @huggingface/transformers' module shape.
 * The package is ESM-typed ("type": "module") but ships a CommonJS build under its `require` export condition;
 * this CommonJS project loads that build with `require` and takes the types from the ESM declarations.
 */
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };

export type { Tensor, PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const transformers: typeof Transformers = require('@huggingface/transformers');
