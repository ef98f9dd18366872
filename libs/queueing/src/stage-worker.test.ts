import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayedError, type Job } from 'bullmq';
import pino from 'pino';
import { z } from 'zod';
import { createStageMetrics } from '@reviewlens/observability';
import type { DeadLetterPublisher } from './dead-letter.publisher';
import { ReleaseJob, ShutdownSignal } from './shutdown-signal';
import { StageWorker, type JobResult } from './stage-worker';

/** A stage whose handler does units of work until the service is stopping, then releases the job. */
class LongStage extends StageWorker<{ units: number }> {
  protected readonly stage = 'extractor' as const;
  protected readonly queueKey = 'extract' as const;
  protected readonly schema = z.object({ units: z.number() });
  done = 0;
  constructor(readonly shutdown: ShutdownSignal, readonly metrics = createStageMetrics('test')) {
    super({ deadLetters: {} as DeadLetterPublisher, metrics, logger: pino({ level: 'silent' }) });
  }
  protected async handle(data: { units: number }): Promise<JobResult> {
    for (; this.done < data.units; this.done++) {
      if (this.done === 2) this.shutdown.onModuleDestroy();
      if (this.shutdown.isRequested) throw new ReleaseJob(`stopping after ${this.done} units`, 5_000);
    }
    return { status: 'done' };
  }
}

function fakeJob(): { job: Job; moved: { at: number; token: string }[] } {
  const moved: { at: number; token: string }[] = [];
  const job = { id: 'j1', data: { units: 10 }, attemptsMade: 0, moveToDelayed: async (at: number, token: string) => { moved.push({ at, token }); } };
  return { job: job as unknown as Job, moved };
}

test('the shutdown signal is off until the app starts shutting down', () => {
  const signal = new ShutdownSignal();
  assert.equal(signal.isRequested, false);
  signal.onModuleDestroy();
  assert.equal(signal.isRequested, true);
});

test('a released job goes back to the delayed set with its delay, counted as released, not as an error', async () => {
  const stage = new LongStage(new ShutdownSignal());
  const { job, moved } = fakeJob();
  const before = Date.now();
  await assert.rejects(stage.process(job, 'token-1'), (err: unknown) => err instanceof DelayedError);
  assert.equal(stage.done, 2, 'stopped at the first check after the signal');
  assert.equal(moved.length, 1);
  assert.equal(moved[0]!.token, 'token-1');
  assert.ok(moved[0]!.at >= before + 5_000 && moved[0]!.at <= Date.now() + 5_000);
  const counts = (await stage.metrics.jobs.get()).values.map((v) => `${v.labels.status}=${v.value}`);
  assert.deepEqual(counts, ['released=1']);
});

test('without a lock token the release cannot move the job: the error surfaces as a failed attempt', async () => {
  const stage = new LongStage(new ShutdownSignal());
  const { job, moved } = fakeJob();
  await assert.rejects(stage.process(job, undefined), (err: unknown) => err instanceof ReleaseJob);
  assert.equal(moved.length, 0);
});

/** A stage that reports a batch's counts, logging into `lines`. */
class BatchStage extends StageWorker<{ runId: string; batchId: string }> {
  protected readonly stage = 'cleaner' as const;
  protected readonly queueKey = 'clean' as const;
  protected readonly schema = z.object({ runId: z.string(), batchId: z.string() });
  constructor(readonly lines: Record<string, unknown>[], readonly status: JobResult['status']) {
    super({ deadLetters: {} as DeadLetterPublisher, metrics: createStageMetrics('test'), logger: pino({ level: 'debug' }, { write: (l: string) => { lines.push(JSON.parse(l)); } }) });
  }
  protected async handle(): Promise<JobResult> { return { status: this.status, cleaned: 7, rejected: 1 }; }
}

test('a finished batch is one structured info line (run, batch, counts, ms), also written to the job for Bull Board', async () => {
  const lines: Record<string, unknown>[] = [];
  const jobLogs: string[] = [];
  const job = { id: 'b1', data: { runId: 'r1', batchId: 'b000001' }, attemptsMade: 0, log: async (l: string) => { jobLogs.push(l); return 1; } } as unknown as Job;
  await new BatchStage(lines, 'done').process(job);
  const info = lines.filter((l) => l.level === 30);
  assert.equal(info.length, 1);
  assert.equal(info[0]!.msg, 'job finished');
  assert.deepEqual([info[0]!.stage, info[0]!.runId, info[0]!.batchId, info[0]!.cleaned, info[0]!.rejected], ['cleaner', 'r1', 'b000001', 7, 1]);
  assert.equal(typeof info[0]!.ms, 'number');
  assert.equal(jobLogs.length, 1);
  assert.equal(JSON.parse(jobLogs[0]!).batchId, 'b000001');

  const quiet: Record<string, unknown>[] = [];
  await new BatchStage(quiet, 'skipped').process({ ...job, log: async () => { throw new Error('not for skipped jobs'); } } as unknown as Job);
  assert.deepEqual(quiet.filter((l) => (l.level as number) >= 30), [], 'a skipped job stays at debug');
});
