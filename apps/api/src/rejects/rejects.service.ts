import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES, type ExtractedBatch, type ProductInfo } from '@reviewlens/contracts';
import { RejectRepository, RunRepository, rejectRow, type RejectDoc, type RejectFilter } from '@reviewlens/store';
import { conflict, notFound } from '../common/api-error';

/** Rows per replay batch sent back to the cleaner. */
export const REPLAY_BATCH_ROWS = 500;

/** A reject as the api shows it. */
export function rejectView(r: RejectDoc) {
  return {
    id: r._id, runId: r.runId, batchId: r.batchId, reviewId: r.reviewId, productId: r.productId, reason: r.reason, detail: r.detail,
    at: r.at.toISOString(), replayedAt: r.replayedAt?.toISOString() ?? null, replayBatchId: r.replayBatchId, row: rejectRow(r),
  };
}

/**
 * Rejected rows: listing, and replay after a rule changed. A replay sends the run's pending rejects (optionally of one
 * reason, or given ids) back to the cleaner as `replay-` batches of the same run, which re-applies the current rules;
 * accepted rows are classified, loaded and the run's snapshot is republished (as for any replayed batch), rows rejected
 * again become new rejects. Each reject is replayed once (deterministic job ids, marked replayed).
 */
@Injectable()
export class RejectsService {
  constructor(
    private readonly rejects: RejectRepository,
    private readonly runs: RunRepository,
    @InjectQueue(QUEUES.clean) private readonly cleanQueue: Queue,
  ) {}

  list(filter: RejectFilter, offset: number, limit: number) {
    return this.rejects.list(filter, offset, limit).then(({ total, rejects }) => ({ total, rejects: rejects.map(rejectView) }));
  }

  /**
   * @throws 404 for an unknown run; 409 for a run that is failed, cancelled or still in flight (replays go into a
   * published run, whose snapshot they republish).
   */
  async replay(input: { runId: string; reason?: string; ids?: string[] }): Promise<{ runId: string; replayed: number; batches: string[] }> {
    const run = await this.runs.get(input.runId);
    if (!run) throw notFound(`run ${input.runId} does not exist`);
    if (run.status !== 'published') throw conflict(`run ${run._id} is ${run.status}: rejects are replayed into a published run`);
    const pending = await this.rejects.pending({ runId: input.runId, reason: input.reason, ids: input.ids });
    const batches: string[] = [];
    for (let i = 0; i < pending.length; i += REPLAY_BATCH_ROWS) {
      const chunk = pending.slice(i, i + REPLAY_BATCH_ROWS);
      const digest = createHash('sha1').update(chunk.map((r) => r._id).join('\n')).digest('hex').slice(0, 16);
      const batchId = `replay-rj-${digest}`;
      const products: Record<string, ProductInfo> = {};
      for (const r of chunk) if (r.product) products[r.product.productId] = r.product;
      const batch: ExtractedBatch = { runId: run._id, batchId, extractedAt: new Date().toISOString(), rows: chunk.map(rejectRow), products };
      await this.cleanQueue.add('replay', batch, { jobId: `replay.${run._id}.${batchId}` });
      await this.rejects.markReplayed(chunk.map((r) => r._id), batchId);
      batches.push(batchId);
    }
    return { runId: run._id, replayed: pending.length, batches };
  }
}
