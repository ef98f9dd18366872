import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '@reviewlens/testing';
import { REPO_ROOT } from '../../../tools/stack/services';

export const BACKING_SERVICES = ['redis', 'postgres', 'ferretdb', 's3'] as const;
export type BackingService = (typeof BACKING_SERVICES)[number];

const scriptsDir = (): string => join(findRepoRoot() ?? REPO_ROOT, 'scripts', 'services');

/**
 * Runs scripts/services/{start,stop}.sh for one backing service. The whole process environment is passed on, so
 * REVIEWLENS_SERVICES_DIR and the REVIEWLENS_*_PORT overrides reach the scripts (they also rewrite the env file).
 */
function runScript(script: 'start.sh' | 'stop.sh', names: readonly BackingService[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(scriptsDir(), script), ...names], { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${names.join(' ')} exited ${code}: ${stderr.slice(-2_000)}`))));
  });
}

export const stopBackingService = (name: BackingService): Promise<void> => runScript('stop.sh', [name]);
export const startBackingService = (name: BackingService): Promise<void> => runScript('start.sh', [name]);
/** Idempotent: leaves running services alone. Every scenario ends with it, pass or fail. */
export const ensureBackingServices = (): Promise<void> => runScript('start.sh', BACKING_SERVICES);

/** Stops a backing service for `outageMs`, then starts it again (always, even if the wait is interrupted). */
export async function withOutage(name: BackingService, outageMs: number, during?: () => Promise<void>): Promise<{ downMs: number }> {
  const started = Date.now();
  await stopBackingService(name);
  try {
    await Promise.all([during?.(), new Promise((r) => setTimeout(r, outageMs))]);
  } finally {
    await startBackingService(name);
  }
  return { downMs: Date.now() - started };
}
