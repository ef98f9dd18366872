/**
 * Nest platform adapters measured on this machine: the same controller (real ranking over 100k in-memory reviews)
 * on Fastify and on Express, each in its own process, driven by autocannon from this process over loopback.
 * Prints requests/s and p50/p99 for /health (the floor) and /v1/reviews/:id/top, and the Fastify/Express ratio.
 *
 *   node dist/bench/api/adapters.bench.js [--seconds 8] [--connections 32]
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

interface Result { rps: number; p50: number; p99: number }

interface AutocannonResult { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }
// autocannon ships no type declarations; this is the part of its API used here.
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

async function drive(url: string, paths: string[]): Promise<Result> {
  let i = 0;
  const r = await autocannon({
    url, connections, duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx and ${r.errors} errors on ${url}`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function measure(adapter: 'fastify' | 'express', port: number): Promise<{ health: Result; top: Result }> {
  const child = fork(join(__dirname, 'adapter-server.js'), [adapter], { env: { ...process.env, PORT: String(port) }, stdio: 'inherit' });
  const products = await new Promise<string[]>((resolve, reject) => {
    child.once('message', (m: { products: string[] }) => resolve(m.products));
    child.once('exit', (code) => reject(new Error(`${adapter} server exited with ${code}`)));
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await drive(url, ['/health']); // warm-up
    const health = await drive(url, ['/health']);
    const top = await drive(url, products.map((p) => `/v1/reviews/${encodeURIComponent(p)}/top?limit=10`));
    return { health, top };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  console.log(`Nest adapters, ${seconds}s per target, ${connections} connections, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const fastify = await measure('fastify', 4811);
  const express = await measure('express', 4812);
  const row = (name: string, r: Result) => `  ${name.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms`;
  console.log(row('fastify /health', fastify.health));
  console.log(row('express /health', express.health));
  console.log(row('fastify /v1/reviews/:id/top', fastify.top));
  console.log(row('express /v1/reviews/:id/top', express.top));
  console.log(`  ratio fastify/express: /health ${(fastify.health.rps / express.health.rps).toFixed(2)}x, top ${(fastify.top.rps / express.top.rps).toFixed(2)}x`);
  console.log(`  load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
