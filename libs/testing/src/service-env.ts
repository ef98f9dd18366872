import { join } from 'node:path';
import { readEnvFile } from './env-file';
import { servicesDir } from './services-dir';

export interface S3Settings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** Connection settings of the local services started by scripts/services/start.sh. */
export interface ServiceEnv {
  /** The env file the values came from; undefined when only process.env/defaults were used. */
  envFile: string | undefined;
  redisUrl: string;
  /** Owner role of the source database (may create tables). */
  sourceDatabaseUrl: string;
  /** Read-only role the extractor uses. */
  sourceDatabaseReadonlyUrl: string;
  mongoUrl: string;
  mongoDb: string;
  s3: S3Settings;
  /** All KEY=value settings, e.g. to pass as `env` to a child process. */
  vars: Record<string, string>;
}

const DEFAULTS: Record<string, string> = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  SOURCE_DATABASE_URL: 'postgres://reviewlens:reviewlens@127.0.0.1:5432/reviewlens_source',
  SOURCE_DATABASE_READONLY_URL: 'postgres://reviewlens_reader:reviewlens_reader@127.0.0.1:5432/reviewlens_source',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  MONGO_DB: 'reviewlens',
  S3_ENDPOINT: 'http://127.0.0.1:4568',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'reviewlens',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
};

/**
 * Settings from `<services dir>/env`; keys missing there come from process.env, then from the
 * defaults start.sh writes.
 */
export function serviceEnv(env: NodeJS.ProcessEnv = process.env): ServiceEnv {
  const dir = servicesDir(env);
  const envFile = dir ? join(dir, 'env') : undefined;
  const fromFile = envFile ? readEnvFile(envFile) : undefined;
  const vars: Record<string, string> = {};
  for (const key of Object.keys(DEFAULTS)) {
    vars[key] = fromFile?.[key] ?? env[key] ?? (DEFAULTS[key] as string);
  }
  const get = (key: string): string => vars[key] as string;
  return {
    envFile: fromFile ? envFile : undefined,
    redisUrl: get('REDIS_URL'),
    sourceDatabaseUrl: get('SOURCE_DATABASE_URL'),
    sourceDatabaseReadonlyUrl: get('SOURCE_DATABASE_READONLY_URL'),
    mongoUrl: get('MONGO_URL'),
    mongoDb: get('MONGO_DB'),
    s3: {
      endpoint: get('S3_ENDPOINT'),
      region: get('S3_REGION'),
      bucket: get('S3_BUCKET'),
      accessKeyId: get('S3_ACCESS_KEY_ID'),
      secretAccessKey: get('S3_SECRET_ACCESS_KEY'),
      forcePathStyle: ['true', '1'].includes(get('S3_FORCE_PATH_STYLE')),
    },
    vars,
  };
}
