import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { ApiConfigSchema, loadConfig, type ApiConfig } from '@reviewlens/config';
import type { ClassifiedReview } from '@reviewlens/contracts';
import { LakeRepository, curatedPartKey, encodeRows, publishSnapshot, sha256Hex, type SnapshotManifest } from '@reviewlens/datalake';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { ApiModule } from '../src/api.module';
import type { Role } from '../src/auth/roles';

/** Keys the api tests use, one per role (test-only values). */
export const TEST_KEYS: Record<Role, string> = {
  analyst: 'test-analyst-key-0123456789',
  engineer: 'test-engineer-key-0123456789',
  admin: 'test-admin-key-0123456789abc',
};

export interface ApiTestApp {
  id: string;
  config: ApiConfig;
  app: NestFastifyApplication;
  lake: LakeRepository;
  mongo: MongoClient;
  queue(name: string): Queue;
  close(): Promise<void>;
}

/**
 * The api in-process (Fastify, not listening: supertest injects through the server) against the real local
 * Redis / FerretDB / s3rver, isolated by a unique queue prefix, Mongo database and bucket; all dropped by close().
 */
export async function startApiTestApp(opts: { logger?: Logger; env?: Record<string, string> } = {}): Promise<ApiTestApp> {
  const services = serviceEnv();
  const id = uniqueName('api-it');
  const config = loadConfig('api', ApiConfigSchema, {
    ...services.vars, QUEUE_PREFIX: id, MONGO_DB: id, S3_BUCKET: id, NODE_ENV: 'test', LOG_LEVEL: 'silent',
    SNAPSHOT_POLL_MS: '3600000', API_KEYS: JSON.stringify(Object.fromEntries(Object.entries(TEST_KEYS).map(([role, key]) => [key, role]))),
    ...opts.env,
  });
  const lake = new LakeRepository(config);
  await lake.ensureBucket();
  const mongo = await new MongoClient(config.MONGO_URL).connect();
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config, { logger: opts.logger }), new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const queues: Queue[] = [];
  return {
    id, config, app, lake, mongo,
    queue(name: string) {
      const q = new Queue(name, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: id });
      queues.push(q);
      return q;
    },
    async close() {
      await app.close();
      for (const q of queues) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
      await mongo.db(id).dropDatabase().catch(() => undefined);
      await mongo.close();
      await lake.deleteKeys(await lake.listKeys('')).catch(() => undefined);
      await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket })).catch(() => undefined);
      const redis = new Redis(config.REDIS_URL);
      const keys = await redis.keys(`${id}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** Writes rows as one curated Parquet part per chunk and publishes the snapshot (run manifest, then _latest.json). */
export async function publishTestSnapshot(lake: LakeRepository, runId: string, rows: ClassifiedReview[], opts: { partRows?: number; previousSnapshotId?: string | null } = {}): Promise<SnapshotManifest> {
  const size = opts.partRows ?? 1000;
  const chunks: ClassifiedReview[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  if (chunks.length === 0) chunks.push([]);
  const parts: SnapshotManifest['parts'] = [];
  for (const [n, chunk] of chunks.entries()) {
    const body = await encodeRows('curated', chunk);
    const key = curatedPartKey(runId, `b${String(n + 1).padStart(6, '0')}`);
    await lake.putObject(key, body, 'application/vnd.apache.parquet');
    parts.push({ key, rows: chunk.length, sha256: sha256Hex(body) });
  }
  const manifest: SnapshotManifest = {
    snapshotId: runId, runId, createdAt: new Date().toISOString(), rowCount: rows.length, parts,
    previousSnapshotId: opts.previousSnapshotId ?? null,
  };
  await publishSnapshot(lake, manifest);
  return manifest;
}

/** Publishes a snapshot whose only part is not Parquet (its manifest is valid, so only loading it fails). */
export async function publishCorruptSnapshot(lake: LakeRepository, runId: string, previousSnapshotId: string | null): Promise<void> {
  const key = curatedPartKey(runId, 'b000001');
  await lake.putObject(key, Buffer.from('this is not a parquet file'), 'application/vnd.apache.parquet');
  await publishSnapshot(lake, { snapshotId: runId, runId, createdAt: new Date().toISOString(), rowCount: 3, parts: [{ key, rows: 3 }], previousSnapshotId });
}
