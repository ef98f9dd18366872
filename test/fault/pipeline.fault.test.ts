import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import type { E2eContext } from '../support/e2e-context';
import {
  Ledger, ScenarioLog, abandonRun, addSampleSlice, assertRunOutcome, createFaultPipeline, ensureBackingServices, ensureStackRunning,
  triggerRun, waitForPublished,
} from './support';

const RUN_TIMEOUT_MS = 5 * 60_000;

describe('fault injection: six services as processes on real Redis, PostgreSQL, FerretDB, s3rver', () => {
  let ctx: E2eContext;
  const ledger = new Ledger();
  const log = new ScenarioLog();

  before(async () => {
    await ensureBackingServices();
    ctx = await createFaultPipeline();
    await ctx.stack.start();
  });

  after(async () => {
    await ensureBackingServices().catch((err) => console.error(`could not restart the services: ${(err as Error).message}`));
    console.log(`\n${log.table()}\n`);
    if (ctx) log.write(join(ctx.stack.processes.get('api')?.logFile ?? '.', '..', 'fault-summary.md'));
    await ctx?.cleanup();
  });

  interface ScenarioState { runId: string; notes: string[] }
  function scenario(name: string, timeoutMs: number, body: (s: ScenarioState) => Promise<void>): void {
    test(name, { timeout: timeoutMs }, async () => {
      const started = Date.now();
      const state: ScenarioState = { runId: '', notes: [] };
      let outcome: 'pass' | 'fail' = 'fail';
      try {
        await body(state);
        outcome = 'pass';
      } finally {
        await ensureBackingServices().catch((err) => state.notes.push(`restart failed: ${(err as Error).message}`));
        await ensureStackRunning(ctx).catch((err) => state.notes.push(`stack restart failed: ${(err as Error).message}`));
        if (outcome === 'fail' && state.runId) await abandonRun(ctx, state.runId);
        log.add({ name, outcome, seconds: (Date.now() - started) / 1000, notes: state.notes.join('; ') });
      }
    });
  }

  scenario('baseline run (no fault)', RUN_TIMEOUT_MS, async (s) => {
    const slice = await addSampleSlice(ctx.ownerPool, 101, Number(process.env.FAULT_REVIEWS ?? 3000), 0.02);
    ledger.add(slice);
    s.runId = 'fault-baseline';
    const t0 = Date.now();
    await triggerRun(ctx, s.runId);
    const report = await waitForPublished(ctx, s.runId, RUN_TIMEOUT_MS);
    s.notes.push(`${report.counts.extracted} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await assertRunOutcome(ctx, s.runId, ledger, { slice });
  });
});
