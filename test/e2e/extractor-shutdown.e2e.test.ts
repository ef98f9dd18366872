import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUES, jobIds, type ExtractJob } from '@reviewlens/contracts';
import { jobOptionsFor } from '@reviewlens/queueing';
import { generateSample } from '@reviewlens/source-db';
import type { RunDoc } from '@reviewlens/store';
import { createE2eContext, type E2eContext } from '../support/e2e-context';

const REVIEWS = 3_000;
const BATCH = 10;
const PAGES = REVIEWS / BATCH;
const RUN_ID = 'shutdown-mid-extraction';

/**
 * SIGTERM while the extractor is half-way through a long extraction: it stops after the batch in hand and releases the
 * job (no attempt used) instead of extracting to the end; the restarted extractor resumes from the saved cursor, and
 * every page is published exactly once. Only the extractor runs, so the archive and clean queues hold what it published.
 */
describe('extractor: graceful shutdown releases a long extraction, the next process resumes it', () => {
  let ctx: E2eContext;

  before(async () => {
    ctx = await createE2eContext({ basePort: 4360, extraEnv: { EXTRACT_BATCH_SIZE: String(BATCH) } });
    await generateSample(ctx.ownerPool, { reviews: REVIEWS, seed: 11, malformedRate: 0 });
    await ctx.stack.startOne('extractor');
  });

  after(async () => { await ctx?.cleanup(); });

  const runDoc = async (): Promise<RunDoc | null> => ctx.db.collection<RunDoc>('runs').findOne({ _id: RUN_ID });

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('SIGTERM mid-extraction: clean exit, job released with its progress saved, then resumed without a gap or repeat', async () => {
    const extract = ctx.queue(QUEUES.extract);
    const data: ExtractJob = { runId: RUN_ID, trigger: 'test', full: false };
    await extract.add('run', data, { ...jobOptionsFor('extract'), jobId: jobIds.extract(RUN_ID) });
    await waitFor('the first batch', async () => ((await runDoc())?.batchesPublished ?? 0) >= 1 || undefined);

    const { code, signal } = (await ctx.stack.stopOne('extractor', 'SIGTERM'))!;
    // Exit code 1 would be the SHUTDOWN_GRACE_MS deadline: the job neither finished nor let go in time.
    assert.ok(code === 0 || signal === 'SIGTERM', `the extractor exits cleanly (code ${code}, signal ${signal})`);

    const stopped = (await runDoc())!;
    assert.equal(stopped.status, 'extracting', 'the run was left mid-extraction, not finished by the stopping process');
    assert.ok(stopped.batchesPublished < PAGES, `stopped after ${stopped.batchesPublished} of ${PAGES} batches`);
    assert.ok(stopped.cursor, 'its progress (cursor) is saved');
    const job = (await extract.getJob(jobIds.extract(RUN_ID)))!;
    assert.ok(['delayed', 'wait', 'prioritized'].includes(await job.getState()), `the job is back in the queue (${await job.getState()})`);
    assert.equal(job.attemptsMade, 0, 'releasing used no attempt');

    await ctx.stack.startOne('extractor');
    const done = await waitFor('the run to be extracted', async () => {
      const run = await runDoc();
      return run?.status === 'extracted' ? run : undefined;
    });
    assert.equal(done.batchCount, PAGES);
    const recorded = await ctx.db.collection('run_batches').find({ runId: RUN_ID, stage: 'extractor' }).toArray();
    assert.equal(recorded.length, PAGES, 'one record per batch');
    assert.equal(recorded.reduce((n, b) => n + (b['count'] as number), 0), REVIEWS, 'every review extracted once');
    for (const q of [QUEUES.archive, QUEUES.clean]) {
      const jobs = await ctx.queue(q).getJobs(['waiting', 'prioritized', 'delayed']);
      const ids = jobs.flatMap((j) => (j.data as { rows: { reviewId: string }[] }).rows.map((r) => r.reviewId));
      assert.equal(jobs.length, PAGES, `${q}: one job per batch`);
      assert.equal(new Set(ids).size, REVIEWS, `${q}: every review published once, none twice`);
      assert.equal(ids.length, REVIEWS);
    }
  });
});
