export * from './themes.schema';
export * from './load-themes';
export * from './themes-version';
export * from './default-themes';
export * from './hypothesis';
export * from './classifier.types';
export * from './create-classifier';
export * from './cpu-quota';
export * from './model-files';
export * from './nli-scores';
export * from './math';
export * from './theme-result';
export { encodePair } from './encode-pair';
/** The transformers.js module (CommonJS build) and the local-only env setup, for tools and tests. */
export { transformers } from './transformers';
export { withLocalModelEnv } from './transformers-env';
export * from './inference-process';
