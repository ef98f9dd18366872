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

/**
 * Environment for running the six services locally. The extractor reads the source through the read-only role.
 * The salt here is a local-development value only; production injects its own secret.
 */
export function localStackEnv(services: Record<string, string>, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...services,
    SOURCE_DATABASE_URL: services.SOURCE_DATABASE_READONLY_URL ?? services.SOURCE_DATABASE_URL ?? '',
    PSEUDONYM_SALT: process.env.PSEUDONYM_SALT ?? 'local-development-salt-not-for-production',
    MODEL_DIR: process.env.MODEL_DIR ?? join(REPO_ROOT, '.cache', 'models'),
    MODEL_ID: process.env.MODEL_ID ?? 'Xenova/all-MiniLM-L6-v2',
    CLASSIFIER_ENGINE: process.env.CLASSIFIER_ENGINE ?? 'embedding',
    RUN_SCHEDULE_CRON: process.env.RUN_SCHEDULE_CRON ?? '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    API_KEYS: process.env.API_KEYS ?? JSON.stringify({ 'local-development-admin-key-not-for-production': 'admin' }),
    ...overrides,
  };
}
