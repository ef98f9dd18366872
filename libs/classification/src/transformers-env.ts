import { transformers } from './transformers';

let chain: Promise<unknown> = Promise.resolve();

/**
 * Run `load` with transformers.js configured for local files only under `modelDir`.
 * transformers.js keeps `env` per process (or per worker thread), so loads are serialised here to keep two
 * loads with different model dirs from racing on `env.localModelPath`. This is the only module-level state.
 */
export function withLocalModelEnv<T>(modelDir: string, load: () => Promise<T>): Promise<T> {
  const run = chain.then(async () => {
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = modelDir.endsWith('/') ? modelDir : `${modelDir}/`;
    // Read straight from the model folder: never from (or into) transformers.js's own file cache.
    transformers.env.useFSCache = false;
    return load();
  });
  chain = run.catch(() => undefined);
  return run;
}
