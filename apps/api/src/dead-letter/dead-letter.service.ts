import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DeadLetterEntrySchema, QUEUES, type DeadLetterEntry } from '@reviewlens/contracts';
import { notFound } from '../common/api-error';

export interface DeadLetterView { id: string; entry: DeadLetterEntry }

/** Lists parked dead-letter entries; replays a whole failed job onto its original queue, or discards it. */
@Injectable()
export class DeadLetterService {
  private readonly targets: Record<string, Queue>;

  constructor(
    @InjectQueue(QUEUES.deadLetter) private readonly dlq: Queue,
    @InjectQueue(QUEUES.extract) extract: Queue,
    @InjectQueue(QUEUES.archive) archive: Queue,
    @InjectQueue(QUEUES.clean) clean: Queue,
    @InjectQueue(QUEUES.classify) classify: Queue,
    @InjectQueue(QUEUES.load) load: Queue,
  ) {
    this.targets = { [QUEUES.extract]: extract, [QUEUES.archive]: archive, [QUEUES.clean]: clean, [QUEUES.classify]: classify, [QUEUES.load]: load };
  }

  async list(offset: number, limit: number, filter: { runId?: string; reason?: string }): Promise<{ total: number; entries: DeadLetterView[] }> {
    const total = await this.dlq.getWaitingCount();
    const jobs = await this.dlq.getWaiting(offset, offset + limit - 1);
    const entries = jobs
      .map((j) => ({ id: String(j.id), entry: DeadLetterEntrySchema.parse(j.data) }))
      .filter((v) => (!filter.runId || v.entry.runId === filter.runId) && (!filter.reason || v.entry.reason === filter.reason));
    return { total, entries };
  }

  private async job(id: string): Promise<Job> {
    const job = await this.dlq.getJob(id);
    if (!job) throw notFound(`dead-letter entry ${id} does not exist`);
    return job;
  }

  /** Re-enqueues the original payload (whole jobs only: a rejected row is replayed as a one-row batch). */
  async replay(id: string): Promise<{ id: string; queue: string; jobId: string }> {
    const job = await this.job(id);
    const entry = DeadLetterEntrySchema.parse(job.data);
    const isRow = entry.attemptsMade === 0 && entry.stage === 'cleaner' && entry.queue === QUEUES.clean && entry.reason !== 'invalid_payload';
    const target = this.targets[entry.queue];
    if (!target) throw notFound(`queue ${entry.queue} of entry ${id} is not known`);
    const payload = isRow
      ? { runId: entry.runId, batchId: `replay-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 80), extractedAt: entry.failedAt, rows: [entry.payload], products: entry.context?.products ?? {} }
      : entry.payload;
    // Deterministic: a double replay of one entry enqueues it once.
    const replayJobId = `replay.${id}`;
    await target.add('replay', payload, { jobId: replayJobId });
    await job.remove();
    return { id, queue: entry.queue, jobId: replayJobId };
  }

  async discard(id: string): Promise<void> {
    await (await this.job(id)).remove();
  }
}
