import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUES, jobIds, type CleanedBatch, type DeadLetterEntry, type ExtractedBatch, type ProductInfo } from '@reviewlens/contracts';
import { jobOptionsFor } from '@reviewlens/queueing';
import { RejectRepository, rejectRow, type RunBatchDoc } from '@reviewlens/store';
import { createE2eContext, type E2eContext } from '../support/e2e-context';

const RUN_ID = 'cross-batch-dups';
const product: ProductInfo = { productId: 'xb-p1', name: 'Kettle', category: 'kitchen', brand: 'Acme' };

function row(reviewId: string, text: string): ExtractedBatch['rows'][number] {
  return {
    reviewId, productId: product.productId, userHash: null, title: 'ok', text, rating: 4, helpfulVotes: 0, totalVotes: 0,
    language: 'en', hasImage: false, hasSubscription: false, verifiedBuyer: false,
    createdAt: '2024-06-01T12:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000000Z',
  };
}

function batch(batchId: string, rows: ExtractedBatch['rows']): ExtractedBatch {
  return { runId: RUN_ID, batchId, extractedAt: new Date().toISOString(), rows, products: { [product.productId]: product } };
}

/**
 * Two source ids that only become equal after normalisation ('xb-1' and '  xb-1 ') extracted in different batches:
 * the cleaner sees one batch at a time, so only the run-wide claim can tell. The first batch keeps the id; the later
 * row is rejected as duplicate_review_id, dead-lettered and counted, so the run's accounting stays exact. Only the
 * cleaner runs; its output is read from the classify queue.
 */
describe('cleaner: review ids equal after normalisation in different batches are curated once', () => {
  let ctx: E2eContext;

  before(async () => {
    ctx = await createE2eContext({ basePort: 4370 });
    await ctx.stack.startOne('cleaner');
  });

  after(async () => { await ctx?.cleanup(); });

  async function cleaned(batchId: string): Promise<CleanedBatch> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = await ctx.queue(QUEUES.classify).getJob(jobIds.batch(RUN_ID, batchId));
      if (job) return job.data as CleanedBatch;
      if (Date.now() > deadline) throw new Error(`batch ${batchId} was not cleaned in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('the later batch rejects the id the earlier batch kept, with a dead letter and exact counts', async () => {
    const clean = ctx.queue(QUEUES.clean);
    const first = batch('b000001', [row('xb-1', 'First copy, kept'), row('xb-2', 'Only in the first batch')]);
    const second = batch('b000002', [row('  xb-1 ', 'Second copy, same id once trimmed'), row('xb-3', 'Only in the second batch')]);
    await clean.add('batch', first, { ...jobOptionsFor('clean'), jobId: jobIds.batch(RUN_ID, first.batchId) });
    assert.deepEqual((await cleaned(first.batchId)).rows.map((r) => r.reviewId), ['xb-1', 'xb-2']);
    await clean.add('batch', second, { ...jobOptionsFor('clean'), jobId: jobIds.batch(RUN_ID, second.batchId) });
    assert.deepEqual((await cleaned(second.batchId)).rows.map((r) => r.reviewId), ['xb-3'], 'xb-1 goes on once, from the first batch');

    const records = await ctx.db.collection<RunBatchDoc>('run_batches').find({ runId: RUN_ID, stage: 'cleaner' }).sort({ batchId: 1 }).toArray();
    assert.deepEqual(records.map((r) => [r.batchId, r.count, r.rejected, r.rejectedByReason]), [
      ['b000001', 2, 0, {}],
      ['b000002', 1, 1, { duplicate_review_id: 1 }],
    ]);
    const letters = (await ctx.queue(QUEUES.deadLetter).getWaiting(0, 100)).map((j) => j.data as DeadLetterEntry).filter((e) => e.runId === RUN_ID);
    assert.equal(letters.length, 0, 'a rejected row is not a dead letter');
    const { rejects } = await new RejectRepository(ctx.db).list({ runId: RUN_ID }, 0, 100);
    assert.equal(rejects.length, 1);
    assert.equal(rejects[0]!.reason, 'duplicate_review_id');
    assert.equal(rejectRow(rejects[0]!).reviewId, '  xb-1 ', 'the reject carries the raw row');
    assert.equal(rejects[0]!.reviewId, 'xb-1');
    assert.match(rejects[0]!.detail, /accepted by another batch/);
  });
});
