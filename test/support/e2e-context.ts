import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { MongoClient, type Db } from 'mongodb';
import { Pool } from 'pg';
import { QUEUES } from '@reviewlens/contracts';
import { LakeRepository } from '@reviewlens/datalake';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { grantReadOnly, migrate } from '@reviewlens/source-db';
import { localStackEnv, readServicesEnv } from '../../tools/stack/local-env';
import { REPO_ROOT } from '../../tools/stack/services';
import { Stack } from '../../tools/stack/stack';

export interface E2eContext {
  id: string;
  env: Record<string, string>;
  ownerPool: Pool;
  mongo: MongoClient;
  db: Db;
  lake: LakeRepository;
  stack: Stack;
  queue(name: string): Queue;
  cleanup(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * An isolated pipeline on the shared local services: its own PostgreSQL database, Redis key prefix,
 * MongoDB database and S3 bucket, and the six services as separate processes. Everything is dropped afterwards.
 */
export async function createE2eContext(opts: { basePort: number; classifierReplicas?: number; extraEnv?: Record<string, string> }): Promise<E2eContext> {
  const id = `e2e${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const services = readServicesEnv();
  const admin = new Pool({ connectionString: services.SOURCE_DATABASE_URL, max: 1 });
  await admin.query(`CREATE DATABASE ${id}`);
  await admin.end();
  const ownerPool = new Pool({ connectionString: withDatabase(services.SOURCE_DATABASE_URL!, id), max: 4 });
  await migrate(ownerPool);
  await grantReadOnly(ownerPool, 'reviewlens_reader');

  const env = localStackEnv(services, {
    SOURCE_DATABASE_URL: withDatabase(services.SOURCE_DATABASE_READONLY_URL!, id),
    QUEUE_PREFIX: id,
    MONGO_DB: id,
    S3_BUCKET: id,
    LOG_LEVEL: 'warn',
    SNAPSHOT_POLL_MS: '500',
    EXTRACT_BATCH_SIZE: '50',
    SHUTDOWN_GRACE_MS: '20000',
    ...opts.extraEnv,
  });
  const mongo = await new MongoClient(env.MONGO_URL!).connect();
  const lake = new LakeRepository({
    S3_ENDPOINT: env.S3_ENDPOINT, S3_REGION: env.S3_REGION ?? 'us-east-1', S3_BUCKET: id,
    S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID!, S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY!, S3_FORCE_PATH_STYLE: true,
  });
  await lake.ensureBucket();
  const stack = new Stack({ env, basePort: opts.basePort, logDir: join(REPO_ROOT, '.services', 'logs', id), classifierReplicas: opts.classifierReplicas });
  const queues: Queue[] = [];
  const openQueue = (name: string): Queue => {
    const q = new Queue(name, { connection: redisOptionsFromUrl(env.REDIS_URL!), prefix: id });
    queues.push(q);
    return q;
  };

  return {
    id, env, ownerPool, mongo, db: mongo.db(id), lake, stack,
    queue: openQueue,
    async cleanup() {
      await stack.stop();
      // Every stage queue of this pipeline, not only those the test opened: no Redis key of the prefix stays behind.
      for (const name of Object.values(QUEUES)) openQueue(name);
      for (const q of queues) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
      await mongo.db(id).dropDatabase().catch(() => undefined);
      await mongo.close();
      await lake.deleteKeys(await lake.listKeys('')).catch(() => undefined);
      await ownerPool.end();
      const admin2 = new Pool({ connectionString: services.SOURCE_DATABASE_URL, max: 1 });
      await admin2.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`).catch(() => undefined);
      await admin2.end();
    },
  };
}

export async function api<T = unknown>(ctx: E2eContext, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  // The ops routes need an API key (x-api-key); use an admin key of the stack's API_KEYS (public routes ignore it).
  const keys = JSON.parse(ctx.env.API_KEYS ?? '{}') as Record<string, string>;
  const adminKey = Object.keys(keys).find((k) => keys[k] === 'admin');
  const headers: Record<string, string> = { ...(adminKey ? { 'x-api-key': adminKey } : {}), ...(body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`${ctx.stack.apiUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls GET /runs/:id until the run is published (or fails). */
export async function waitForRun(ctx: E2eContext, runId: string, timeoutMs: number): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any = null;
  while (Date.now() < deadline) {
    const res = await api<any>(ctx, 'GET', `/runs/${runId}`);
    last = res.body;
    if (res.status === 200 && (last.status === 'published' || last.status === 'failed')) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`run ${runId} not published within ${timeoutMs} ms; last report: ${JSON.stringify(last)}`);
}
