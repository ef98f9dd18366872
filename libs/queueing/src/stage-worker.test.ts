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
