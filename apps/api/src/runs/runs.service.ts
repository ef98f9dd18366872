import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES, jobIds, type ExtractJob } from '@reviewlens/contracts';
import { ACTIVE_RUN_STATUSES, ArchiveRepository, RunBatchRepository, RunRepository, buildRunReport, type RunReport } from '@reviewlens/store';
import { conflict, notFound } from '../common/api-error';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '');
  return `run-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Run control: trigger (one active run at a time), list, and per-run reports. */
@Injectable()
export class RunsService {
  private readonly stageQueues: Queue[];

  constructor(
    private readonly runs: RunRepository,
    private readonly batches: RunBatchRepository,
    private readonly archiveSegments: ArchiveRepository,
    @InjectQueue(QUEUES.extract) private readonly extractQueue: Queue,
    @InjectQueue(QUEUES.archive) archive: Queue,
    @InjectQueue(QUEUES.clean) clean: Queue,
    @InjectQueue(QUEUES.classify) classify: Queue,
    @InjectQueue(QUEUES.load) load: Queue,
  ) {
    this.stageQueues = [extractQueue, archive, clean, classify, load];
  }

  /**
   * Cancels an active run: status `cancelled` first (the extractor stops at its next batch, the loader will not
   * publish it), then every job of the run still waiting in a stage queue is removed. Jobs already running finish,
   * and what they write is never published. Returns the counts.
   * @throws 404 for an unknown run, 409 for a run already published, failed or cancelled.
   */
  async cancel(runId: string): Promise<{ runId: string; status: 'cancelled'; removedJobs: number; jobsInFlight: number }> {
    const before = await this.runs.cancel(runId);
    if (before === null) throw notFound(`run ${runId} does not exist`);
    if (!ACTIVE_RUN_STATUSES.includes(before)) throw conflict(`run ${runId} is already ${before}`);
    let removedJobs = 0;
    let jobsInFlight = 0;
    for (const queue of this.stageQueues) {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'paused', 'active'], 0, -1);
      for (const job of jobs) {
        if ((job.data as { runId?: unknown } | undefined)?.runId !== runId) continue;
        try {
          await job.remove();
          removedJobs += 1;
        } catch {
          jobsInFlight += 1; // locked by a worker: it finishes, and its run is cancelled
        }
      }
    }
    return { runId, status: 'cancelled', removedJobs, jobsInFlight };
  }

  /**
   * Queues a run (one active run at a time; 409 otherwise). `fromArchive`: rebuild run `fromArchive` from the MongoDB
   * archive (404 when it archived nothing) instead of reading the source.
   */
  async trigger(input: { runId?: string; full: boolean; trigger: ExtractJob['trigger']; fromArchive?: string }): Promise<{ runId: string; status: string }> {
    const active = await this.runs.findActive();
    if (active && active._id !== input.runId) throw conflict(`run ${active._id} is still ${active.status}`);
    const runId = input.runId ?? newRunId();
    const existing = await this.runs.get(runId);
    if (existing?.status === 'published') return { runId, status: 'published' };
    if (input.fromArchive && !(await this.archiveSegments.hasRun(input.fromArchive))) throw notFound(`run ${input.fromArchive} has no archive segments`);
    const data: ExtractJob = { runId, trigger: input.trigger, full: input.full, ...(input.fromArchive ? { fromArchive: input.fromArchive } : {}) };
    // Same run id, same job id: a duplicate trigger does not start a second extraction.
    await this.extractQueue.add('run', data, { jobId: jobIds.extract(runId) });
    return { runId, status: existing?.status ?? 'queued' };
  }

  async report(runId: string): Promise<RunReport> {
    const run = await this.runs.get(runId);
    if (!run) throw notFound(`run ${runId} does not exist`);
    return buildRunReport(run, await this.batches.forRun(runId));
  }

  async list(limit: number): Promise<RunReport[]> {
    const runs = await this.runs.list(limit);
    return Promise.all(runs.map(async (r) => buildRunReport(r, await this.batches.forRun(r._id))));
  }
}
