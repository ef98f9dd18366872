import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES, jobIds, type ExtractJob } from '@reviewlens/contracts';
import { RunBatchRepository, RunRepository, buildRunReport, type RunReport } from '@reviewlens/store';
import { conflict, notFound } from '../common/api-error';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '');
  return `run-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Run control: trigger (one active run at a time), list, and per-run reports. */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunRepository,
    private readonly batches: RunBatchRepository,
    @InjectQueue(QUEUES.extract) private readonly extractQueue: Queue,
  ) {}

  async trigger(input: { runId?: string; full: boolean; trigger: ExtractJob['trigger'] }): Promise<{ runId: string; status: string }> {
    const active = await this.runs.findActive();
    if (active && active._id !== input.runId) throw conflict(`run ${active._id} is still ${active.status}`);
    const runId = input.runId ?? newRunId();
    const existing = await this.runs.get(runId);
    if (existing?.status === 'published') return { runId, status: 'published' };
    const data: ExtractJob = { runId, trigger: input.trigger, full: input.full };
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
