import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DeadLetterEntrySchema, QUEUES, type DeadLetterEntry } from '@reviewlens/contracts';
import { RunRepository } from '@reviewlens/store';
import { conflict, notFound } from '../common/api-error';

export interface DeadLetterView { id: string; entry: DeadLetterEntry }

const SCAN_CHUNK = 1_000;

/** An entry that does not match the contract (written by hand, or by an older version) is skipped, not a 500. */
function toView(job: Job): DeadLetterView[] {
  const parsed = DeadLetterEntrySchema.safeParse(job.data);
  return parsed.success ? [{ id: String(job.id), entry: parsed.data }] : [];
}

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
    private readonly runs: RunRepository,
  ) {
    this.targets = { [QUEUES.extract]: extract, [QUEUES.archive]: archive, [QUEUES.clean]: clean, [QUEUES.classify]: classify, [QUEUES.load]: load };
  }

  /**
   * Pages through parked entries. Without a filter this is one range read; with a filter the queue is scanned in
   * chunks so `total` and the page count matching entries only.
   */
  async list(offset: number, limit: number, filter: { runId?: string; reason?: string }): Promise<{ total: number; entries: DeadLetterView[] }> {
    const matches = (v: DeadLetterView) => (!filter.runId || v.entry.runId === filter.runId) && (!filter.reason || v.entry.reason === filter.reason);
    if (!filter.runId && !filter.reason) {
      const [total, jobs] = await Promise.all([this.dlq.getWaitingCount(), this.dlq.getWaiting(offset, offset + limit - 1)]);
      return { total, entries: jobs.flatMap(toView) };
    }
    const entries: DeadLetterView[] = [];
    let total = 0;
    for (let start = 0; ; start += SCAN_CHUNK) {
      const jobs = await this.dlq.getWaiting(start, start + SCAN_CHUNK - 1);
      for (const view of jobs.flatMap(toView)) {
        if (!matches(view)) continue;
        if (total >= offset && entries.length < limit) entries.push(view);
        total += 1;
      }
      if (jobs.length < SCAN_CHUNK) break;
    }
    return { total, entries };
  }

  private async job(id: string): Promise<Job> {
    const job = await this.dlq.getJob(id);
    if (!job) throw notFound(`dead-letter entry ${id} does not exist`);
    return job;
  }

  /**
   * Re-enqueues the original payload (whole jobs only: a rejected row is replayed as a one-row batch). A failed job of
   * a run that failed because of it puts the run back in flight first (RunRepository.resumeFailed), so the run can
   * still publish; refused with 409 when a later run exists or another run is active (trigger a new run instead), and
   * for a cancelled run.
   */
  async replay(id: string): Promise<{ id: string; queue: string; jobId: string }> {
    const job = await this.job(id);
    const entry = DeadLetterEntrySchema.parse(job.data);
    const isRow = entry.attemptsMade === 0 && entry.stage === 'cleaner' && entry.queue === QUEUES.clean && entry.reason !== 'invalid_payload';
    const target = this.targets[entry.queue];
    if (!target) throw notFound(`queue ${entry.queue} of entry ${id} is not known`);
    const run = entry.runId ? await this.runs.get(entry.runId) : null;
    if (run?.status === 'cancelled') throw conflict(`run ${run._id} was cancelled: its jobs are not replayed`);
    if (run?.status === 'failed' && !(await this.runs.resumeFailed(run._id))) {
      throw conflict(`run ${run._id} failed and cannot resume (a later run exists or another run is active): trigger a new run instead`);
    }
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
