// Rejects are not dead letters: the queryable rejects store through the gateway (list by run, reason, product) and
// the replay after a rule change, on the real local Redis / FerretDB (api in-process).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { QUEUES, type ExtractedBatch, type RawReview } from '@reviewlens/contracts';
import { RejectRepository, RunRepository } from '@reviewlens/store';
import { TEST_KEYS, startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';

const raw = (id: string, text: string, productId = 'p1'): RawReview => ({
  reviewId: id, productId, userHash: 'u', title: null, text, rating: 4, helpfulVotes: 0, totalVotes: 0, language: 'en',
  hasImage: false, hasSubscription: false, verifiedBuyer: true, createdAt: null, updatedAt: '2024-01-01 00:00:00.000001+00',
});

describe('rejects store through the api', () => {
  let t: ApiTestApp;
  let http: ReturnType<typeof request>;
  const as = (role: keyof typeof TEST_KEYS) => ({ 'x-api-key': TEST_KEYS[role] });

  before(async () => {
    t = await startApiTestApp();
    http = request(t.app.getHttpServer());
    const db = t.mongo.db(t.id);
    const rejects = new RejectRepository(db);
    const product = { productId: 'p2', name: 'Kettle', category: 'kitchen', brand: 'Acme', price: null };
    await rejects.record('run-a', 'b000001', [
      { row: raw('r1', 'x'.repeat(30), 'p1'), index: 0, reason: 'text_too_long', detail: 'text has 30 characters, more than 20' },
      { row: raw(' r2 ', 'y'.repeat(40), 'p2'), index: 3, reason: 'text_too_long', detail: 'text has 40 characters, more than 20' },
      { row: raw('r3', '', 'p2'), index: 4, reason: 'empty_after_cleaning', detail: 'text is empty after cleaning' },
    ], { p2: product });
    assert.equal(await rejects.record('run-a', 'b000001', [{ row: raw('r1', 'x'), index: 0, reason: 'text_too_long', detail: 'again' }]), 0, 'a retried batch records nothing twice');
    // A hostile row's keys are not MongoDB field names: the reject is stored all the same (the raw row as JSON text).
    const hostile = { ...raw('r5', 'bad', 'p1'), $gt: '', 'a.b': 1, rating: { $ne: null } } as unknown as RawReview;
    assert.equal(await rejects.record('run-c', 'b000001', [{ row: hostile, index: 0, reason: 'invalid_rating', detail: 'rating is an object' }]), 1);
    const runs = new RunRepository(db);
    for (const id of ['run-a', 'run-b']) {
      await runs.createIfAbsent({ _id: id, trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
      await runs.markExtracted(id, 1);
    }
    await runs.markPublished('run-a', 'run-a');
  });
  after(async () => { await t?.close(); });

  test('rejects are listed by run, reason and product; engineers read them, analysts do not', async () => {
    await http.get('/v1/rejects').set(as('analyst')).expect(403);
    const all = await http.get('/v1/rejects?runId=run-a').set(as('engineer')).expect(200);
    assert.equal(all.body.total, 3);
    const byReason = await http.get('/v1/rejects?runId=run-a&reason=text_too_long').set(as('engineer')).expect(200);
    assert.deepEqual(byReason.body.rejects.map((r: { reviewId: string }) => r.reviewId).sort(), ['r1', 'r2'], 'canonical ids');
    const hostile = await http.get('/v1/rejects?runId=run-c').set(as('engineer')).expect(200);
    assert.deepEqual(hostile.body.rejects[0].row.rating, { $ne: null }, 'the raw row comes back exactly');
    assert.equal(hostile.body.rejects[0].row['a.b'], 1);
    const byProduct = await http.get('/v1/rejects?productId=p2').set(as('engineer')).expect(200);
    assert.equal(byProduct.body.total, 2);
    await http.get('/v1/rejects?colour=red').set(as('engineer')).expect(400);
  });

  test('a replay sends the pending rejects of a reason back to the cleaner once, as a replay batch of the run', async () => {
    await http.post('/v1/rejects/replay').set(as('engineer')).send({ runId: 'run-a' }).expect(403);
    await http.post('/v1/rejects/replay').set(as('admin')).send({ runId: 'run-b' }).expect(409);
    await http.post('/v1/rejects/replay').set(as('admin')).send({ runId: 'nope' }).expect(404);
    const res = await http.post('/v1/rejects/replay').set(as('admin')).send({ runId: 'run-a', reason: 'text_too_long' }).expect(202);
    assert.equal(res.body.replayed, 2);
    assert.equal(res.body.batches.length, 1);
    const job = await t.queue(QUEUES.clean).getJob(`replay.run-a.${res.body.batches[0]}`);
    const batch = job?.data as ExtractedBatch;
    assert.equal(batch.runId, 'run-a');
    assert.match(batch.batchId, /^replay-/, 'counted as replayed rows in the run report');
    assert.deepEqual(batch.rows.map((r) => r.reviewId).sort(), [' r2 ', 'r1'], 'the raw rows, as extracted');
    assert.equal(batch.products.p2?.name, 'Kettle', "the row's product metadata goes along");
    const again = await http.post('/v1/rejects/replay').set(as('admin')).send({ runId: 'run-a', reason: 'text_too_long' }).expect(202);
    assert.equal(again.body.replayed, 0, 'each reject is replayed once');
    const pending = await http.get('/v1/rejects?runId=run-a').set(as('engineer')).expect(200);
    assert.equal(pending.body.total, 1, 'replayed rejects leave the default listing');
    const withReplayed = await http.get('/v1/rejects?runId=run-a&replayed=true').set(as('engineer')).expect(200);
    assert.equal(withReplayed.body.rejects.filter((r: { replayedAt: string | null }) => r.replayedAt !== null).length, 2);
  });
});
