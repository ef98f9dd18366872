/**
 * Gateway api benchmark: a 1M-review curated snapshot (synthetic ClassifiedReview rows, 25k products, Parquet parts
 * on the local s3rver), loaded by the api in its own process; autocannon in this process drives
 * GET /v1/reviews/:id/top (random products) and GET /health (the floor: the same HTTP stack doing no work), each for a
 * bounded time, on loopback only. Prints requests/s, p50/p99 latency, snapshot load time and api RSS.
 *   cd /work/main && node /tmp/build-x/bench/api/top-reviews.bench.js [--rows 1000000] [--products 25000] [--seconds 10] [--connections 32]
 * Needs the local services (npm run services:start). Everything it creates (bucket objects, queues, database) is removed.
 */
import { cpus, loadavg } from 'node:os';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { ApiConfigSchema, loadConfig } from '@reviewlens/config';
import { LakeRepository, publishSnapshot } from '@reviewlens/datalake';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { sampleValue } from '../../apps/api/test/prometheus-text';
import { ApiProcess } from './api-process';
import { writeSyntheticSnapshot } from './write-synthetic-snapshot';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p97_5: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API used here.
const autocannon = require('autocannon') as Autocannon;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const mb = (bytes: number | null): number => Math.round(((bytes ?? 0) / 1048576) * 10) / 10;

async function drive(url: string, seconds: number, connections: number, path: string | ((n: number) => string)) {
  let n = 0;
  const result = await autocannon({
    url, connections, duration: seconds, pipelining: 1,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: typeof path === 'string' ? path : path(n++) }) }],
  });
  return {
    requestsPerSec: Math.round(result.requests.average), total: result.requests.total,
    p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max, non2xx: result.non2xx, errors: result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const rows = arg('rows', 1_000_000);
  const products = arg('products', 25_000);
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 32);
  const services = serviceEnv();
  const id = uniqueName('bench-api');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>), ...services.vars, QUEUE_PREFIX: id, MONGO_DB: id, S3_BUCKET: id,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', SNAPSHOT_POLL_MS: '1000', NODE_ENV: 'production',
    API_KEYS: JSON.stringify({ [`bench-${id}`]: 'admin' }),
  };
  const config = loadConfig('api', ApiConfigSchema, env);
  const lake = new LakeRepository(config);
  await lake.ensureBucket();
  const api = new ApiProcess(env, 3900 + Math.floor(Math.random() * 90), (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean));
  try {
    console.log(`writing ${rows} synthetic reviews over ${products} products to s3://${id}/curated ...`);
    const written = await writeSyntheticSnapshot(lake, { runId: 'bench-run-1', rows, products, partRows: 10_000 });
    console.log(`  ${written.manifest.parts.length} parts, ${mb(written.bytes)} MB Parquet, ${(written.ms / 1000).toFixed(1)} s`);

    api.start();
    const readyMs = await api.waitReady(300_000);
    const loaded = await api.metrics();
    const loadSeconds = sampleValue(loaded, 'reviewlens_api_snapshot_load_seconds_sum');
    const rssLoaded = sampleValue(loaded, 'process_resident_memory_bytes');
    const heapLoaded = sampleValue(loaded, 'nodejs_heap_size_used_bytes');
    console.log(`api ready after ${(readyMs / 1000).toFixed(1)} s (snapshot fetch+decode+index ${loadSeconds?.toFixed(1)} s), RSS ${mb(rssLoaded)} MB, heap used ${mb(heapLoaded)} MB`);

    const warm = await drive(api.url, 2, connections, '/health');
    void warm;
    const health = await drive(api.url, seconds, connections, '/health');
    const rand = (n: number) => (Math.imul(n + 1, 2654435761) >>> 0) % products;
    const top = await drive(api.url, seconds, connections, (n) => `/v1/reviews/p${rand(n)}/top?limit=10`);
    const filtered = await drive(api.url, seconds, connections, (n) => `/v1/reviews/p${rand(n)}/top?limit=10&minRating=4&language=en`);
    const after = await api.metrics();
    const rssAfter = sampleValue(after, 'process_resident_memory_bytes');

    // Hot swap under load: publish a second snapshot (a new manifest over the same parts) and keep driving /top while
    // the api (polling every second) fetches, decodes and indexes it next to the served one, then swaps.
    const swapSeconds = Math.min(180, Math.max(seconds, Math.ceil((loadSeconds ?? 30) * 3) + 10));
    const swapLoad = drive(api.url, swapSeconds, connections, (n) => `/v1/reviews/p${rand(n)}/top?limit=10`);
    await new Promise((r) => setTimeout(r, 2_000));
    await publishSnapshot(lake, { ...written.manifest, snapshotId: 'bench-run-2', createdAt: new Date().toISOString(), previousSnapshotId: 'bench-run-1' });
    const swap = await swapLoad;
    const swapped = await fetch(`${api.url}/v1/reviews/p1/top?limit=1`).then((r) => r.json() as Promise<{ snapshotId: string }>);
    const afterSwap = await api.metrics();
    const swapLoads = sampleValue(afterSwap, 'reviewlens_api_snapshot_load_seconds_count');
    const swapLoadSeconds = (sampleValue(afterSwap, 'reviewlens_api_snapshot_load_seconds_sum') ?? 0) - (loadSeconds ?? 0);
    const result = {
      rows, products, seconds, connections, node: process.version, http: 'NestJS 11 + Fastify 5', cpus: cpus().length, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10),
      snapshot: { parquetMb: mb(written.bytes), parts: written.manifest.parts.length, loadSeconds: loadSeconds && Math.round(loadSeconds * 10) / 10, readyAfterStartSeconds: Math.round(readyMs / 100) / 10 },
      rssMb: { afterLoad: mb(rssLoaded), afterRun: mb(rssAfter), afterSwap: mb(sampleValue(afterSwap, 'process_resident_memory_bytes')) }, heapUsedMbAfterLoad: mb(heapLoaded),
      hotSwap: { servedAfter: swapped.snapshotId, loads: swapLoads, swapLoadSeconds: Math.round(swapLoadSeconds * 10) / 10, during: swap },
      targets: { '/health': health, '/v1/reviews/:id/top?limit=10': top, '/v1/reviews/:id/top?limit=10&minRating=4&language=en': filtered },
    };
    console.log('\ntarget                                              req/s    p50 ms  p99 ms  max ms  non-2xx');
    for (const [name, r] of Object.entries(result.targets)) {
      console.log(`${name.padEnd(50)} ${String(r.requestsPerSec).padStart(7)} ${String(r.p50Ms).padStart(8)} ${String(r.p99Ms).padStart(7)} ${String(r.maxMs).padStart(7)} ${String(r.non2xx).padStart(8)}`);
    }
    console.log(`hot swap under load (${swapSeconds} s of /top): ${swap.requestsPerSec} req/s, p50 ${swap.p50Ms} ms, p99 ${swap.p99Ms} ms, max ${swap.maxMs} ms, non-2xx ${swap.non2xx}, errors ${swap.errors}; new snapshot indexed in ${result.hotSwap.swapLoadSeconds} s, served after: ${swapped.snapshotId}`);
    console.log(`\n${JSON.stringify(result)}`);
  } finally {
    await api.stop();
    await lake.deleteKeys(await lake.listKeys('')).catch(() => undefined);
    await lake.client.send(new DeleteBucketCommand({ Bucket: lake.bucket })).catch(() => undefined);
    const mongo = await new MongoClient(config.MONGO_URL).connect();
    await mongo.db(id).dropDatabase().catch(() => undefined);
    await mongo.close();
    const redis = new Redis(config.REDIS_URL);
    const keys = await redis.keys(`${id}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
