import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, type Db } from 'mongodb';
import type { RawReview } from '@reviewlens/contracts';
import { serviceEnv, uniqueName } from '@reviewlens/testing';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, ensureIndexes } from '@reviewlens/store';

function raw(id: unknown, text = 'nice'): RawReview {
  return { reviewId: id, productId: 'p1', userHash: null, title: null, text, rating: 5, helpfulVotes: 0, totalVotes: 0, language: 'en',
    hasImage: false, hasSubscription: false, verifiedBuyer: false, createdAt: null, updatedAt: '2024-01-01 00:00:00.000001+00' };
}

describe('MongoDB repositories on FerretDB', () => {
  let client: MongoClient;
  let db: Db;
  before(async () => {
    client = await new MongoClient(serviceEnv().mongoUrl).connect();
    db = client.db(uniqueName('store', { separator: '_' }));
    await ensureIndexes(db);
  });
  after(async () => { await db.dropDatabase(); await client.close(); });

  test('the archive appends one immutable segment per batch: retries change nothing, every extraction is a version', async () => {
    const archive = new ArchiveRepository(db);
    const rows = [raw('r1'), raw(' r2 '), raw(null)];
    assert.equal(await archive.appendBatch('run1', 'b000001', '2024-01-01T00:00:00.000Z', rows), 3);
    await archive.appendBatch('run1', 'b000001', '2024-01-01T00:00:00.000Z', rows);
    await archive.appendBatch('run2', 'b000001', '2024-02-01T00:00:00.000Z', [raw('r1', 'edited')]);
    assert.equal(await db.collection('archive_segments').countDocuments({}), 2, 'a retried batch adds no segment');
    assert.equal(await archive.countForRun('run1'), 3);
    assert.equal(await archive.versionCount('r1'), 2, 'both extractions of r1 are kept');
    assert.equal(await archive.versionCount('r2'), 1, "' r2 ' is archived under its canonical id");
    const latest = await archive.latestVersion('r1');
    assert.equal(latest?.raw.text, 'edited');
    assert.equal(latest?.runId, 'run2');
    assert.equal(await archive.latestVersion('nope'), null);
    const segments = [];
    for await (const s of archive.segmentsOfRun('run1')) segments.push(s);
    assert.deepEqual(segments.map((s) => s.rows.map((r) => r.reviewId)), [['r1', ' r2 ', null]], 'raw rows come back exactly');
    const seg = await db.collection('archive_segments').findOne({ _id: 'run1|b000001' as never });
    assert.deepEqual(seg?.reviewIds, ['r1', 'r2', 'invalid:run1:b000001:2']);
  });

  test('a batch re-extracted with other rows replaces its own segment, and a corrupted segment is refused', async () => {
    const archive = new ArchiveRepository(db);
    await archive.appendBatch('run3', 'b000001', '2024-03-01T00:00:00.000Z', [raw('s1', 'first attempt')]);
    await archive.appendBatch('run3', 'b000001', '2024-03-01T00:00:00.000Z', [raw('s1', 'second attempt')]);
    assert.equal((await archive.latestVersion('s1'))?.raw.text, 'second attempt');
    assert.equal(await archive.versionCount('s1'), 1);
    await db.collection('archive_segments').updateOne({ _id: 'run3|b000001' as never }, { $set: { sha256: '0'.repeat(64) } });
    await assert.rejects(archive.latestVersion('s1'), /sha256 mismatch/);
  });

  test('a run is created once; a duplicate trigger gets the stored run back', async () => {
    const runs = new RunRepository(db);
    const first = await runs.createIfAbsent({ _id: 'dup', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    const second = await runs.createIfAbsent({ _id: 'dup', trigger: 'test', full: true, fromCursor: null, upTo: 'y' });
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.run.upTo, 'x');
  });

  test('extraction progress only moves forward and only one publisher wins the claim', async () => {
    const runs = new RunRepository(db);
    await runs.createIfAbsent({ _id: 'claim', trigger: 'test', full: false, fromCursor: null, upTo: 'x' });
    await runs.advance('claim', { updatedAt: 't2', reviewId: 'b' }, 2);
    await runs.advance('claim', { updatedAt: 't1', reviewId: 'a' }, 1);
    assert.equal((await runs.get('claim'))?.batchesPublished, 2);
    assert.equal(await runs.claimPublish('claim', 'job-a'), false, 'cannot publish before extraction ended');
    await runs.markExtracted('claim', 2);
    const tokens = ['job-a', 'job-b', 'job-c', 'job-d', 'job-e'];
    const claims = await Promise.all(tokens.map((t) => runs.claimPublish('claim', t)));
    assert.equal(claims.filter(Boolean).length, 1, 'exactly one racing publisher wins');
    const winner = tokens[claims.indexOf(true)]!;
    assert.equal(await runs.claimPublish('claim', winner), true, 'the same job may re-claim after a crash');
    await runs.markPublished('claim', 'snap');
    assert.equal(await runs.claimPublish('claim', winner), false);
    assert.equal(await runs.findActive().then((r) => r?._id === 'claim'), false);
  });

  test('per-batch records are upserts: a retried batch never counts twice', async () => {
    const batches = new RunBatchRepository(db);
    for (let i = 0; i < 3; i++) await batches.record({ runId: 'acc', stage: 'loader', batchId: 'b000001', count: 10, durationMs: 1, attempts: i + 1 });
    await batches.record({ runId: 'acc', stage: 'loader', batchId: 'replay-x', count: 1, durationMs: 1, attempts: 1 });
    assert.equal(await batches.countDone('acc', 'loader'), 1);
    assert.equal((await batches.forRun('acc')).length, 2);
  });

  test('the watermark round-trips microsecond text cursors', async () => {
    const wm = new WatermarkRepository(db);
    assert.equal(await wm.get(), null);
    await wm.set({ updatedAt: '2024-05-01 10:00:00.123456+00', reviewId: 'r9' }, 'run1');
    assert.deepEqual(await wm.get(), { updatedAt: '2024-05-01 10:00:00.123456+00', reviewId: 'r9' });
  });

});
