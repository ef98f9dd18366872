import { WorkerHost } from '@nestjs/bullmq';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { QUEUES, type QueueKey, type Stage } from '@reviewlens/contracts';
import type { StageMetrics } from '@reviewlens/observability';
import type { DeadLetterPublisher } from './dead-letter.publisher';
import { countDependencyError, dependencyErrorCounter } from './dependency-errors';
import { isDependencyOutage, outageRetryDelay, outageRetryLimit } from './dependency-outage';
import { ReleaseJob } from './shutdown-signal';

/** What a job handler returns: an explicit status, plus counts for logs and Bull Board. */
export interface JobResult { status: 'done' | 'skipped' | 'waiting' | 'published'; [key: string]: unknown }

/** Fails a run whose job was dead-lettered (RunRepository.markFailed). */
export interface RunFailureRecorder {
  markFailed(runId: string, failure: { reason: 'retries_exhausted' | 'invalid_payload' | 'stalled_too_often'; stage: Stage; queue: string; batchId: string | null; error: string }): Promise<boolean>;
}

export interface StageWorkerDeps {
  deadLetters: DeadLetterPublisher;
  /** When given, a dead-lettered job fails its run (with the stage, batch and error in the run report). */
  runs?: RunFailureRecorder;
  metrics: StageMetrics;
  logger: Logger;
  /** Per-replica override of the queue's default concurrency. */
  concurrency?: number;
}

export function describeZodError(err: z.ZodError): string {
  return err.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Base of every stage processor: validates the payload at the consumer (invalid payloads are dead-lettered at once,
 * never retried), times and counts jobs, and dead-letters jobs that exhausted their retries or stalled too often.
 */
export abstract class StageWorker<T> extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly stage: Stage;
  protected abstract readonly queueKey: QueueKey;
  protected abstract readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  protected abstract handle(data: T, job: Job): Promise<JobResult>;
  /**
   * Optional shortcut before `schema`: true only for a payload the schema accepts and returns unchanged (see
   * `isExactExtractedBatch` in @reviewlens/contracts), which is then handled as it is, without zod's copy.
   * False means nothing: the payload is parsed by `schema` as before.
   */
  protected readonly exactPayload?: (data: unknown) => data is T;

  protected constructor(protected readonly deps: StageWorkerDeps) { super(); }

  async process(job: Job, token?: string): Promise<JobResult> {
    let data: T;
    if (this.exactPayload?.(job.data)) {
      data = job.data as T;
    } else {
      const parsed = this.schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid_payload: ${describeZodError(parsed.error)}`);
      data = parsed.data;
    }
    const queue = QUEUES[this.queueKey];
    const end = this.deps.metrics.jobDuration.startTimer({ queue });
    const started = Date.now();
    try {
      const result = await this.handle(data, job);
      this.deps.metrics.jobs.inc({ queue, status: result.status });
      // One structured line per batch per stage (run, batch, counts, ms), also on the job itself for Bull Board.
      const ids = data as { runId?: unknown; batchId?: unknown };
      const line = {
        stage: this.stage, queue, jobId: job.id, runId: typeof ids?.runId === 'string' ? ids.runId : undefined,
        batchId: typeof ids?.batchId === 'string' ? ids.batchId : undefined, ...result, ms: Date.now() - started,
      };
      // Skipped or waiting jobs (an idle continuous poll, a finalize check) stay at debug: they happen all the time.
      if (result.status === 'done') {
        this.deps.logger.info(line, 'job finished');
        if (typeof job.log === 'function') await job.log(JSON.stringify(line)).catch(() => undefined);
      } else {
        this.deps.logger.debug(line, 'job finished');
      }
      return result;
    } catch (err) {
      if (err instanceof ReleaseJob && token) await this.release(job, token, err);
      if (isDependencyOutage(err)) await this.retryAfterOutage(job, token, err as Error);
      this.deps.metrics.jobs.inc({ queue, status: 'error' });
      this.deps.logger.warn({ queue, jobId: job.id, attempt: job.attemptsMade + 1, err }, 'job failed');
      throw err;
    } finally {
      end();
    }
  }

  /**
   * A dependency was unreachable: the job goes back to the delayed set (capped, jittered backoff) WITHOUT using one of
   * its attempts, so an outage of a few minutes is ridden out; attempts stay for real errors. Past the outage retry
   * limit the job is dead-lettered (retries_exhausted) for replay once the dependency is back.
   * Without Redis the job cannot be moved: the error then fails the attempt, or the job stalls and is recovered.
   */
  private async retryAfterOutage(job: Job, token: string | undefined, err: Error): Promise<void> {
    const queue = QUEUES[this.queueKey];
    // attemptsStarted counts every pick-up; attemptsMade only failed attempts: the difference is the outage retries so far.
    const retry = Math.max(0, (job.attemptsStarted ?? 1) - job.attemptsMade - 1);
    countDependencyError(this.deps.metrics.registry, queue, err);
    if (retry >= outageRetryLimit()) {
      this.deps.metrics.jobs.inc({ queue, status: 'error' });
      throw new UnrecoverableError(`retries_exhausted: dependency unavailable through ${retry} outage retries: ${err.message}`);
    }
    if (!token) return;
    const delayMs = outageRetryDelay(retry);
    await this.requeue(job, token, delayMs, 'outage_retry');
    this.deps.logger.warn({ queue, jobId: job.id, retry, delayMs, err: err.message }, 'dependency unavailable; job retried later without using an attempt');
    throw new DelayedError();
  }

  /** The handler handed the job back (e.g. the service is shutting down): delayed again, no attempt used. */
  private async release(job: Job, token: string, err: ReleaseJob): Promise<never> {
    await this.requeue(job, token, err.delayMs, 'released');
    this.deps.logger.info({ queue: QUEUES[this.queueKey], jobId: job.id, reason: err.message }, 'job released; it runs again from its saved progress');
    throw new DelayedError();
  }

  /** Back to the delayed set for `delayMs` without using an attempt, counted under `status`. */
  private async requeue(job: Job, token: string, delayMs: number, status: 'outage_retry' | 'released'): Promise<void> {
    await job.moveToDelayed(Date.now() + delayMs, token);
    this.deps.metrics.jobs.inc({ queue: QUEUES[this.queueKey], status });
  }

  onApplicationBootstrap(): void {
    if (this.deps.concurrency) this.worker.concurrency = this.deps.concurrency;
    // Exported from the start (at 0 once counted), so rules and dashboards find the series before the first outage.
    if (this.deps.metrics.registry) dependencyErrorCounter(this.deps.metrics.registry);
    this.worker.on('failed', (job, err) => { if (job) void this.onFailed(job, err); });
    this.worker.on('stalled', (jobId) => { void this.onStalled(jobId); });
    this.worker.on('error', (err) => this.deps.logger.error({ err }, 'worker error'));
  }

  /**
   * Shutdown (SIGTERM or app.close()): stop taking jobs and wait for the in-flight ones (finished, or released by a
   * handler that saw `ShutdownSignal`, set earlier in onModuleDestroy) BEFORE any onApplicationShutdown hook closes
   * MongoDB, PostgreSQL, the inference process or the queues under them. BullMQ's close is idempotent, so
   * @nestjs/bullmq's own close later is a no-op.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  private async onFailed(job: Job, err: Error): Promise<void> {
    const invalid = err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!invalid && !exhausted) return;
    const reason = invalid && err.message.startsWith('invalid_payload') ? 'invalid_payload' : 'retries_exhausted';
    await this.deadLetter(job, reason, err.message);
  }

  private async onStalled(jobId: string): Promise<void> {
    this.deps.logger.warn({ queue: QUEUES[this.queueKey], jobId }, 'job stalled; moved back to wait or failed');
    const job = await Job.fromId(this.worker, jobId).catch(() => undefined);
    if (job && (await job.getState()) === 'failed') await this.deadLetter(job, 'stalled_too_often', job.failedReason ?? 'stalled');
  }

  private async deadLetter(job: Job, reason: 'invalid_payload' | 'retries_exhausted' | 'stalled_too_often', error: string): Promise<void> {
    try {
      await this.deps.deadLetters.jobFailed(this.stage, job, reason, error);
      this.deps.logger.error({ queue: job.queueName, jobId: job.id, reason }, 'job dead-lettered');
    } catch (err) {
      this.deps.logger.error({ err, jobId: job.id }, 'could not dead-letter job; it stays in the failed set');
    }
    const data = job.data as { runId?: unknown; batchId?: unknown } | undefined;
    if (!this.deps.runs || typeof data?.runId !== 'string') return;
    try {
      const failed = await this.deps.runs.markFailed(data.runId, {
        reason, stage: this.stage, queue: job.queueName, batchId: typeof data.batchId === 'string' ? data.batchId : null, error,
      });
      if (failed) this.deps.logger.error({ runId: data.runId, queue: job.queueName, jobId: job.id, reason }, 'run failed: one of its jobs was dead-lettered');
    } catch (err) {
      this.deps.logger.error({ err, runId: data.runId }, 'could not mark the run failed');
    }
  }
}
