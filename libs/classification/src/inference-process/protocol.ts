import type { ClassifyInput, CreateClassifierOptions, ClassifierEngine, ThemeResult } from '../classifier.types';

/**
 * Messages between the service (parent) and its inference child process, over the fork IPC channel (JSON).
 * The parent sends `init` once, then one `classify` at a time; the child answers `ready` or `load-error`, then one
 * `result` or `failure` per request id. `shutdown` asks the child to dispose the session and exit 0.
 */
export type ParentMessage =
  | { type: 'init'; options: CreateClassifierOptions }
  | { type: 'classify'; id: number; texts: readonly ClassifyInput[] }
  | { type: 'shutdown' };

export interface LoadedModelInfo {
  modelId: string;
  themesVersion: string;
  engine: ClassifierEngine;
  quantized: boolean;
  /** ORT intra-op threads the session was created with. */
  threads: number;
  /** Time to load model, tokenizer (and embed the labels) in the child, ms. */
  loadMs: number;
  pid: number;
}

export interface SerializedError { name: string; message: string }

export type ChildMessage =
  | { type: 'ready'; info: LoadedModelInfo }
  | { type: 'load-error'; error: SerializedError }
  | { type: 'result'; id: number; results: ThemeResult[]; inferenceMs: number }
  | { type: 'failure'; id: number; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
