import assert from 'node:assert/strict';
import type { Queue } from 'bullmq';
import type { DeadLetterEntry } from '@reviewlens/contracts';
import { readLatestSnapshot, readSnapshotRows } from '@reviewlens/datalake';
import { coerceId } from '@reviewlens/domain';
import { ArchiveRepository, RejectRepository, rejectRow, type RunReport } from '@reviewlens/store';
import { api, type E2eContext } from '../../support/e2e-context';
import type { SourceSlice } from './source-slices';

/** What the curated snapshot must hold after every scenario so far: accepted ids, and ids that must never be there. */
export class Ledger {
  readonly curated = new Set<string>();
  readonly rejected = new Map<string, string>();

  add(slice: SourceSlice): void {
    for (const id of slice.reviewIds) {
      const reason = slice.expectedRejects.get(id);
      if (reason) { this.rejected.set(id, reason); this.curated.delete(id); } else { this.curated.add(id); this.rejected.delete(id); }
    }
  }

  /** A rejected row replayed after its cause was fixed is curated from then on. */
  accept(id: string): void { this.rejected.delete(id); this.curated.add(id); }
}

export interface DeadLetterView { id: string; entry: DeadLetterEntry }

export async function deadLettersOf(dlq: Queue, runId: string): Promise<DeadLetterView[]> {
  const jobs = await dlq.getJobs(['waiting', 'paused'], 0, -1);
  return jobs.filter((j) => (j.data as DeadLetterEntry).runId === runId).map((j) => ({ id: String(j.id), entry: j.data as DeadLetterEntry }));
}

/** A source review id under the canonical id rule (coerceId: padding and NUL dropped); unchanged when it refuses it. */
function canonicalIdOf(id: string): string {
  const c = coerceId(id);
  return c.ok ? c.id : id;
}

export function rowIdOf(entry: DeadLetterEntry): string {
  return String((entry.payload as { reviewId?: unknown }).reviewId);
}

export interface RunExpectation {
  slice: SourceSlice;
  /** Whole jobs expected in the dead-letter queue for this run (default none). */
  jobFailures?: number;
  /** Rows of the slice replayed from the dead-letter queue (they move from rejected to loaded). */
  replayed?: number;
}

/**
 * The assertions every scenario ends with: the run is published with exact accounting (source rows = curated +
 * rejected), the archive and the curated snapshot hold no review id twice and exactly the expected ids, and the
 * dead-letter queue holds exactly the expected entries with their reasons.
 */
export async function assertRunOutcome(ctx: E2eContext, runId: string, ledger: Ledger, exp: RunExpectation): Promise<RunReport> {
  const { slice } = exp;
  const replayed = exp.replayed ?? 0;
  const res = await api<RunReport>(ctx, 'GET', `/runs/${runId}`);
  assert.equal(res.status, 200);
  const report = res.body;
  assert.equal(report.status, 'published', JSON.stringify(report));

  // Source count = curated + rejected, for the run and against PostgreSQL itself.
  const { rows } = await ctx.ownerPool.query<{ n: string }>('SELECT count(*) AS n FROM review WHERE review_id = ANY($1)', [slice.reviewIds]);
  const sourceCount = Number(rows[0]!.n);
  assert.equal(sourceCount, slice.reviewIds.length);
  assert.equal(report.counts.extracted, sourceCount, 'every source row of the slice extracted once');
  assert.equal(report.counts.archived, sourceCount);
  assert.equal(report.counts.rejected, slice.expectedRejects.size - replayed, 'rejected');
  assert.equal(report.counts.replayed, replayed, 'replayed');
  assert.equal(report.counts.loaded, sourceCount - slice.expectedRejects.size + replayed, 'loaded');
  assert.equal(report.counts.extracted, report.counts.loaded + report.counts.rejected);
  assert.equal(report.invariantHolds, true);
  const byReason: Record<string, number> = {};
  for (const reason of slice.expectedRejects.values()) byReason[reason] = (byReason[reason] ?? 0) + 1;
  assert.deepEqual(report.rejectedByReason, byReason);

  // Archive: the run's segments hold every extracted source row once; rows whose ids are equal after the canonical id
  // rule (coerceId: ' x ' is x) share one archive key.
  const archive = new ArchiveRepository(ctx.db);
  const archivedRows: unknown[] = [];
  for await (const segment of archive.segmentsOfRun(runId)) archivedRows.push(...segment.rows.map((r) => r.reviewId));
  assert.equal(archivedRows.length, slice.reviewIds.length, 'every extracted row is archived once');
  const canonicalIds = new Set(slice.reviewIds.map(canonicalIdOf));
  assert.equal(await archive.countForRun(runId), canonicalIds.size, 'one archive key per canonical review id');

  // Curated snapshot: published for this run, no id twice, exactly the ids accepted so far.
  const manifest = await readLatestSnapshot(ctx.lake);
  assert.ok(manifest, 'a snapshot is published');
  assert.equal(manifest.runId, runId);
  const curated = await readSnapshotRows(ctx.lake, manifest);
  const curatedIds = curated.map((r) => r.reviewId);
  assert.equal(new Set(curatedIds).size, curatedIds.length, 'no review id twice in the curated snapshot');
  const curatedSet = new Set(curatedIds);
  const missing = [...ledger.curated].filter((id) => !curatedSet.has(id));
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} accepted reviews missing from the snapshot`);
  assert.equal(curatedIds.length, ledger.curated.size);
  for (const id of curatedIds) assert.ok(!ledger.rejected.has(id), `rejected review ${id} is in the snapshot`);

  // Dead-letter queue: only the expected whole-job failures (rejected rows are data, not failed jobs).
  const entries = await deadLettersOf(ctx.queue('dead-letter'), runId);
  assert.equal(entries.length, exp.jobFailures ?? 0, `job failures: ${JSON.stringify(entries.map((e) => [e.id, e.entry.reason, e.entry.error]))}`);
  // Rejects store: the rejected rows not replayed, each with its reason.
  const stillRejected = new Map([...slice.expectedRejects].filter(([id]) => ledger.rejected.has(id)));
  const { total, rejects } = await new RejectRepository(ctx.db).list({ runId }, 0, 100_000);
  assert.equal(total, stillRejected.size, 'one reject per rejected row');
  // The extractor publishes canonical ids: a rejected source row whose id had padding (' x ') shows up as x.
  const byCanonicalId = new Map([...stillRejected].map(([id, reason]) => [canonicalIdOf(id), reason]));
  for (const r of rejects) {
    const id = String(rejectRow(r).reviewId);
    assert.equal(r.reason, stillRejected.get(id) ?? byCanonicalId.get(id), `reject reason of ${id}`);
  }
  return report;
}
