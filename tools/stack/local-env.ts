import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './services';

/** Reads the KEY=value lines written by scripts/services/start.sh. */
export function readServicesEnv(dir = process.env.REVIEWLENS_SERVICES_DIR ?? join(REPO_ROOT, '.services')): Record<string, string> {
  const file = join(dir, 'env');
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npm run services:start\` first`);
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** Real weights built by `npm run models:build-real`; `.cache/models` holds the random-weight test models. */
export const REAL_MODEL_DIR = join(REPO_ROOT, '.cache', 'models-real');
export const TEST_MODEL_DIR = join(REPO_ROOT, '.cache', 'models');

/**
 * MODEL_DIR for a stack users run (`stack up`, the demo): MODEL_DIR when set, else the real weights when
 * `.cache/models-real/<modelId>` exists, else the random test models (the classifier then warns, and its /health
 * says `"weights": "random"`). Tests do not use this: they keep the random models (localStackEnv's default).
 */
export function userStackModelDir(modelId = process.env.MODEL_ID ?? 'Xenova/all-MiniLM-L6-v2', env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODEL_DIR) return env.MODEL_DIR;
  return existsSync(join(REAL_MODEL_DIR, modelId, 'onnx', 'model.onnx')) ? REAL_MODEL_DIR : TEST_MODEL_DIR;
}

/**
 * Environment for running the six services locally. The extractor reads the source through the read-only role.
 * The salt here is a local-development value only; production injects its own secret.
 * MODEL_DIR defaults to the random-weight test models (tests need only the architecture); `stack up` and the demo
 * pass the real ones (userStackModelDir). The classifier runs the aspect engine unless CLASSIFIER_ENGINE says otherwise.
 */
export function localStackEnv(services: Record<string, string>, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...services,
    SOURCE_DATABASE_URL: services.SOURCE_DATABASE_READONLY_URL ?? services.SOURCE_DATABASE_URL ?? '',
    PSEUDONYM_SALT: process.env.PSEUDONYM_SALT ?? 'local-development-salt-not-for-production',
    MODEL_DIR: process.env.MODEL_DIR ?? TEST_MODEL_DIR,
    MODEL_ID: process.env.MODEL_ID ?? 'Xenova/all-MiniLM-L6-v2',
    CLASSIFIER_ENGINE: process.env.CLASSIFIER_ENGINE ?? 'aspect',
    MULTILINGUAL_MODEL_ID: process.env.MULTILINGUAL_MODEL_ID ?? 'Xenova/multilingual-e5-small',
    RUN_SCHEDULE_CRON: process.env.RUN_SCHEDULE_CRON ?? '',
    CONTINUOUS_POLL_MS: process.env.CONTINUOUS_POLL_MS ?? '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    API_KEYS: process.env.API_KEYS ?? JSON.stringify({ 'local-development-admin-key-not-for-production': 'admin' }),
    ...overrides,
  };
}
