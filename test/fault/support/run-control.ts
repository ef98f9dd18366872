import type { RunReport } from '@reviewlens/store';
import { api, type E2eContext } from '../../support/e2e-context';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** api() that reports a transport error or a non-JSON answer as status 0 instead of throwing (services may be down). */
export async function tryApi<T = unknown>(ctx: E2eContext, method: string, path: string, body?: unknown): Promise<{ status: number; body: T | null; error?: string }> {
  try {
    return await api<T>(ctx, method, path, body);
  } catch (err) {
    return { status: 0, body: null, error: (err as Error).message };
  }
}

/** Triggers a run through the api, retrying while the api is unreachable or busy. */
export async function triggerRun(ctx: E2eContext, runId: string, timeoutMs = 60_000): Promise<{ runId: string; status: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await tryApi<{ runId: string; status: string }>(ctx, 'POST', '/runs', { runId });
    if (res.status === 202 && res.body) return res.body;
    if (Date.now() > deadline) throw new Error(`could not trigger ${runId}: ${res.status} ${JSON.stringify(res.body ?? res.error)}`);
    await sleep(500);
  }
}

/** Number of batches a stage has recorded for the run (read straight from MongoDB; 0 while it is unreachable). */
export async function batchesDone(ctx: E2eContext, runId: string, stage: string): Promise<number> {
  try {
    return await ctx.db.collection('run_batches').countDocuments({ runId, stage, replay: false });
  } catch {
    return 0;
  }
}

/** Waits until a stage has finished at least `batches` batches of the run: the moment to inject a fault "mid-run". */
export async function waitForBatches(ctx: E2eContext, runId: string, stage: string, batches: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await batchesDone(ctx, runId, stage);
    if (n >= batches) return n;
    if (Date.now() > deadline) throw new Error(`${stage} finished only ${n}/${batches} batches of ${runId} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Polls GET /runs/:id until the run is published or failed, riding out api or dependency outages. */
export async function waitForPublished(ctx: E2eContext, runId: string, timeoutMs: number): Promise<RunReport> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const res = await tryApi<RunReport>(ctx, 'GET', `/runs/${runId}`);
    last = res.body ?? res.error;
    if (res.status === 200 && res.body && (res.body.status === 'published' || res.body.status === 'failed')) return res.body;
    await sleep(500);
  }
  throw new Error(`run ${runId} not published within ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`);
}

/** After a failed scenario: mark its run failed so the next scenario's trigger is not refused as "still active". */
export async function abandonRun(ctx: E2eContext, runId: string): Promise<void> {
  await ctx.db.collection<{ _id: string; status: string }>('runs')
    .updateOne({ _id: runId, status: { $nin: ['published', 'failed'] } }, { $set: { status: 'failed', error: 'abandoned by the fault suite' } })
    .catch(() => undefined);
}
