#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { localStackEnv, readServicesEnv, userStackModelDir } from '../stack/local-env';
import { REPO_ROOT, SERVICES, serviceEntry, waitForHealth } from '../stack/services';

const stateDir = join(process.env.REVIEWLENS_SERVICES_DIR ?? join(REPO_ROOT, '.services'), 'stack');
const BASE_PORT = Number(process.env.STACK_BASE_PORT ?? 3100);
const portOf = (i: number) => (SERVICES[i] === 'api' ? Number(process.env.API_PORT ?? 3000) : BASE_PORT + i);

function pidFile(name: string): string { return join(stateDir, `${name}.pid`); }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** One line on what the classifier loaded (GET /health/model): engine, models, weights kind, heads. Loud on random weights. */
async function reportModel(port: number): Promise<void> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/model`);
    const h = await res.json() as { engine?: string; themesVersion?: string; weights?: string; models?: { modelId: string; weights: string; head: boolean }[] };
    const models = (h.models ?? []).map((m) => `${m.modelId} (${m.weights} weights${h.engine === 'aspect' ? (m.head ? ', head' : ', NO head') : ''})`).join(', ');
    console.log(`classifier: ${h.engine} engine, themes ${h.themesVersion}, ${models}`);
    if (h.weights === 'random') console.log('classifier: WARNING random weights: themes are noise. Build real ones with `npm run models:build-real` (MODEL_DIR=.cache/models-real).');
  } catch (err) {
    console.log(`classifier: /health/model not readable (${(err as Error).message})`);
  }
}

async function up(): Promise<void> {
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  // Users get the real weights when they are built (tests keep the random ones through localStackEnv's default).
  const env = localStackEnv(readServicesEnv(), { MODEL_DIR: userStackModelDir() });
  await Promise.all(SERVICES.map(async (name, i) => {
    const file = pidFile(name);
    if (existsSync(file) && alive(Number(readFileSync(file, 'utf8')))) { console.log(`${name}: already running`); return; }
    const log = openSync(join(stateDir, 'logs', `${name}.log`), 'a');
    const child = spawn(process.execPath, [serviceEntry(name)], {
      env: { ...process.env, ...env, PORT: String(portOf(i)) }, detached: true, stdio: ['ignore', log, log],
    });
    writeFileSync(file, String(child.pid));
    child.unref();
    await waitForHealth(portOf(i), 120_000).catch((err: Error) => {
      throw new Error(`${name} did not become healthy: ${err.message}; see ${join(stateDir, 'logs', `${name}.log`)}`);
    });
    console.log(`${name}: up on 127.0.0.1:${portOf(i)} (pid ${child.pid})`);
    if (name === 'classifier') await reportModel(portOf(i));
  }));
}

async function down(): Promise<void> {
  for (const name of SERVICES) {
    const file = pidFile(name);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8'));
    if (alive(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(file);
    console.log(`${name}: stopped`);
  }
}

const program = new Command('stack').description('Run the six ReviewLens services locally as background processes');
program.command('up').description('start every service (logs in .services/stack/logs)').action(() => up());
program.command('down').description('stop every service gracefully').action(() => down());
program.parseAsync().catch((err: Error) => { console.error(err.message); process.exit(1); });
