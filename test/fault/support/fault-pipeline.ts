import { SERVICES, type ServiceName } from '../../../tools/stack/services';
import { createE2eContext, type E2eContext } from '../../support/e2e-context';

/** Stack ports of the fault suite (the e2e suite uses 4300+). */
export const FAULT_BASE_PORT = Number(process.env.FAULT_BASE_PORT ?? 4400);

/**
 * An isolated pipeline (own PG database, Redis prefix, Mongo database, S3 bucket) with the six services as processes,
 * sized so a run of a few thousand reviews lasts long enough to be interrupted: small batches, quantized model.
 */
export async function createFaultPipeline(extraEnv: Record<string, string> = {}): Promise<E2eContext> {
  const ctx = await createE2eContext({
    basePort: FAULT_BASE_PORT,
    extraEnv: {
      EXTRACT_BATCH_SIZE: '50',
      MODEL_QUANTIZED: 'true',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '20000',
      ...extraEnv,
    },
  });
  // The test's own PostgreSQL pool loses its idle connections when the database is stopped: without a listener the
  // pool's 'error' event would crash the test process. Queries after the outage reconnect.
  ctx.ownerPool.on('error', () => undefined);
  return ctx;
}

export function isRunning(ctx: E2eContext, key: string): boolean {
  const p = ctx.stack.processes.get(key);
  return !!p && p.child.exitCode === null && p.child.signalCode === null;
}

/** kill -9 of one service process; returns when it has exited. */
export async function killHard(ctx: E2eContext, name: ServiceName): Promise<void> {
  const p = ctx.stack.processes.get(name);
  if (!p) throw new Error(`${name} is not running`);
  await ctx.stack.stopOne(name, 'SIGKILL');
}

/** Restarts every service process that is not running (after a kill, or a crash a scenario caused). */
export async function ensureStackRunning(ctx: E2eContext): Promise<ServiceName[]> {
  const restarted: ServiceName[] = [];
  for (const name of SERVICES) {
    if (isRunning(ctx, name)) continue;
    ctx.stack.processes.delete(name);
    await ctx.stack.startOne(name);
    restarted.push(name);
  }
  return restarted;
}
