import { z } from 'zod';
import { parseAge } from './age';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), `must be a ${protocols.join('/')} URL`);

/** Settings every service shares. */
export const BaseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Prefix for every queue name, so several pipelines (or tests) can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]*$/).default(''),
  MONGO_URL: url(['mongodb', 'mongodb+srv']).default('mongodb://127.0.0.1:27017'),
  MONGO_DB: z.string().min(1).default('reviewlens'),
  /** Port of the service's own HTTP server (health, metrics; the api's public port). */
  PORT: port.default(0),
  /** Interface the HTTP server binds (0.0.0.0 in containers so probes and Prometheus reach it). */
  HOST: z.string().default('127.0.0.1'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(30_000),
  /** Retries after a dependency outage that do not use a job's attempts (≈7 min at the default); read by libs/queueing. */
  OUTAGE_RETRIES: z.coerce.number().int().min(0).max(10_000).default(40),
  /** How long a service waits at start-up for MongoDB and S3 to become reachable before it exits (0: do not wait). */
  STARTUP_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
});

export const S3ConfigSchema = z.object({
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').default('reviewlens'),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  S3_FORCE_PATH_STYLE: bool.default('true'),
});

/** An age setting (`30d`, `12h`, ISO `P30D`; `0` where allowed), as milliseconds. */
const age = (fallback: string, allowZero = false) => z.string().default(fallback).transform((v, ctx) => {
  if (allowZero && v.trim() === '0') return 0;
  try {
    return parseAge(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/**
 * Retention (libs/retention; the extractor runs it on RETENTION_CRON, `npm run reviewlens -- purge` once). Defaults:
 * dead letters and rejects 30 days, run bookkeeping and the cleaned/rejects lake zones 30 days, the curated parts of
 * the last 10 snapshots (and the pinned one). Archive segments are never purged here (issue 12).
 */
export const RetentionConfigSchema = z.object({
  /** Cron pattern of the retention job (extractor); empty disables it. Default daily at 03:30, after the daily run. */
  RETENTION_CRON: z.string().default('30 3 * * *'),
  /** Runs, run_batches, the runs' Redis claims, and their cleaned/ and rejects/ lake parts older than this go. */
  RETENTION_MAX_AGE: age('30d'),
  /** Dead-letter entries and stored rejects (the queryable rejects store) older than this go. */
  DEAD_LETTER_MAX_AGE: age('30d'),
  /** Published snapshots kept for rollback (newest first, plus the served and the pinned one); at least 2. */
  SNAPSHOT_KEEP: z.coerce.number().int().min(2).max(10_000).default(10),
  /** Unreferenced curated parts younger than this are left alone (a publish or compaction in flight). */
  RETENTION_CURATED_GRACE: age('1h', true),
  /** Log and count what the job would delete, delete nothing. */
  RETENTION_DRY_RUN: bool.default('false'),
});
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;

export const ExtractorConfigSchema = BaseConfigSchema.merge(S3ConfigSchema.partial()).merge(RetentionConfigSchema).extend({
  SOURCE_DATABASE_URL: url(['postgres', 'postgresql']),
  /** JSON file mapping the logical source model onto real table/column names (see docs/source-mapping.md). */
  SOURCE_MAPPING_FILE: z.string().optional(),
  PSEUDONYM_SALT: z.string().min(16, 'must be at least 16 characters'),
  EXTRACT_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Cron pattern for the daily scheduled run; empty disables it. */
  RUN_SCHEDULE_CRON: z.string().default('0 2 * * *'),
  /**
   * Continuous mode: every this many milliseconds the extractor checks whether the source has rows after the
   * watermark (one LIMIT 1 keyset query) and, only then, starts a small incremental run (trigger `continuous`).
   * 0 (default) turns it off. A poll while a run is active does nothing. 500 ms to 1 hour.
   */
  CONTINUOUS_POLL_MS: z.coerce.number().int().min(0).max(3_600_000)
    .refine((v) => v === 0 || v >= 500, 'must be 0 (off) or at least 500 (milliseconds)').default(0),
  /**
   * An active run that finished no batch in any stage for this long fails as `stalled` (it then stops blocking new
   * runs; its watermark is not moved). 0 turns the check off. Default 30 minutes.
   */
  RUN_STALL_AFTER_MS: z.coerce.number().int().min(0).max(7 * 24 * 3_600_000).default(30 * 60_000),
});

export const ArchiverConfigSchema = BaseConfigSchema;

export const CleanerConfigSchema = BaseConfigSchema.merge(S3ConfigSchema).extend({
  MAX_REVIEW_CHARS: z.coerce.number().int().positive().default(20_000),
  /** Reviews dated further than this in the future are rejected (clock skew allowance). */
  FUTURE_DATE_TOLERANCE_MS: z.coerce.number().int().nonnegative().default(86_400_000),
  /** Reviews dated before this (ISO 8601 date or date-time, UTC) are rejected as invalid_date. */
  REVIEW_DATE_FLOOR: z.string().regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z)?$/, 'an ISO 8601 date such as 1995-01-01').default('1995-01-01'),
});

export const ClassifierConfigSchema = BaseConfigSchema.extend({
  MODEL_DIR: z.string().min(1),
  MODEL_ID: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  /**
   * aspect (default): multi-label themes with polarity and evidence, sentiment, legacy category, language routing.
   * embedding / nli: the older single-label engines (top theme and a score distribution only).
   */
  CLASSIFIER_ENGINE: z.enum(['aspect', 'nli', 'embedding']).default('aspect'),
  /**
   * aspect engine: model for reviews in languages the primary model does not serve; empty = none (the primary model
   * classifies everything). When its folder is missing under MODEL_DIR the classifier warns and falls back likewise.
   */
  MULTILINGUAL_MODEL_ID: z.string().trim().default('Xenova/multilingual-e5-small').transform((v) => (v === '' ? undefined : v)),
  /** Use the quantized ONNX file (onnx/model_quantized.onnx) instead of onnx/model.onnx. */
  MODEL_QUANTIZED: bool.default('false'),
  THEMES_FILE: z.string().optional(),
  CLASSIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** ORT intra-op threads; 0 = derive from the container CPU quota. */
  ORT_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * Max tokens per sequence. Absent = the engine's default clamped to the model's limit (aspect 256, else 128); a
   * value above the model's own limit (config.json / tokenizer_config.json) stops the service at start-up.
   */
  MAX_TOKENS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(16).max(8192).optional()),
  INFERENCE_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(32),
  /** Embedding engine: softmax temperature over cosine similarities (absent = the library default, 0.05). */
  CLASSIFIER_TEMPERATURE: z.coerce.number().positive().max(10).optional(),
  /** One job's inference may take this long in the inference child process before it is killed and restarted. */
  CLASSIFIER_INFERENCE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** Model load in the inference child process may take this long (start-up fails after it). */
  CLASSIFIER_LOAD_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(180_000),
  /** Inference child restarts (after crashes/timeouts) allowed per 10 minutes before the service exits. */
  CLASSIFIER_MAX_RESTARTS: z.coerce.number().int().min(0).max(100).default(3),
});

export const LoaderConfigSchema = BaseConfigSchema.merge(S3ConfigSchema).extend({
  /** Publishing adds the run's parts to the snapshot (merge on read); past this many parts the loader compacts it. */
  SNAPSHOT_COMPACT_MAX_PARTS: z.coerce.number().int().min(1).max(100_000).default(64),
  /** ...or when the stored rows exceed this multiple of the rows it had when last compacted (1.5 = 50 % superseded or new). */
  SNAPSHOT_COMPACT_MAX_GROWTH: z.coerce.number().min(1.01).max(100).default(1.5),
});

export const ApiConfigSchema = BaseConfigSchema.merge(S3ConfigSchema).extend({
  PORT: port.default(3000),
  SNAPSHOT_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * Keep decoded snapshot parts between loads, so a new snapshot decodes only its new parts (merge on read: a run
   * adds parts). Faster swaps for frequent (continuous) runs at the cost of holding the decoded rows beside the index
   * (about the index's size again). Off by default.
   */
  SNAPSHOT_PART_CACHE: bool.default('false'),
  /** JSON object of API keys to roles, e.g. {"key1":"admin"}. Required in production. */
  API_KEYS: z.string().default('{}'),
});

export const SERVICE_CONFIG_SCHEMAS = {
  extractor: ExtractorConfigSchema,
  archiver: ArchiverConfigSchema,
  cleaner: CleanerConfigSchema,
  classifier: ClassifierConfigSchema,
  loader: LoaderConfigSchema,
  api: ApiConfigSchema,
} as const;
export type ServiceName = keyof typeof SERVICE_CONFIG_SCHEMAS;

export type BaseConfig = z.infer<typeof BaseConfigSchema>;
export type S3Config = z.infer<typeof S3ConfigSchema>;
export type ExtractorConfig = z.infer<typeof ExtractorConfigSchema>;
export type ArchiverConfig = z.infer<typeof ArchiverConfigSchema>;
export type CleanerConfig = z.infer<typeof CleanerConfigSchema>;
export type ClassifierConfig = z.infer<typeof ClassifierConfigSchema>;
export type LoaderConfig = z.infer<typeof LoaderConfigSchema>;
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
