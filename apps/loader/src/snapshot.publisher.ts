import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LakeRepository, curatedPartKey, publishSnapshot, readLatestSnapshot, type SnapshotManifest } from '@reviewlens/datalake';
import { APP_CONFIG, LOGGER, type JobResult } from '@reviewlens/queueing';
import {
  RunBatchRepository, RunRepository, WatermarkRepository, type RunBatchDoc, type RunDoc,
} from '@reviewlens/store';
import type { LoaderConfig } from '@reviewlens/config';
import { compactParts, shouldCompact } from './compaction';

/**
 * Publishes a run's snapshot when the run is complete: every extracted batch loaded and archived.
 * The new snapshot is the previous snapshot's parts followed by the run's own parts, marked `overlapping`: a review
 * the run re-extracted is in an earlier part too, and readers take the last part's row (merge on read). Publishing
 * therefore reads no earlier part and costs the change, not the catalogue. When the parts pile up
 * (SNAPSHOT_COMPACT_MAX_PARTS) or the stored rows outgrow the live ones (SNAPSHOT_COMPACT_MAX_GROWTH), the snapshot is
 * compacted first: its live rows rewritten once into `curated/compact/`. `curated/_latest.json` is switched last, so
 * readers never see half a run.
 */
@Injectable()
export class SnapshotPublisher {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<LoaderConfig, 'SNAPSHOT_COMPACT_MAX_PARTS' | 'SNAPSHOT_COMPACT_MAX_GROWTH'>,
    private readonly lake: LakeRepository,
    private readonly runs: RunRepository,
    private readonly batches: RunBatchRepository,
    private readonly watermarks: WatermarkRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async publishIfComplete(runId: string, token: string): Promise<JobResult> {
    const run = await this.runs.get(runId);
    if (!run) return { status: 'skipped', reason: 'unknown run' };
    if (run.status === 'published') return { status: 'skipped', reason: 'already published' };
    if (run.status !== 'extracted' && run.status !== 'publishing') return { status: 'waiting', reason: `run is ${run.status}` };
    const need = run.batchCount ?? 0;
    // One count per loaded batch while the run is incomplete (each is a collection scan on FerretDB): archiver second.
    const loaded = await this.batches.countDone(runId, 'loader');
    if (loaded < need) return { status: 'waiting', loaded, need };
    const archived = await this.batches.countDone(runId, 'archiver');
    if (archived < need) return { status: 'waiting', loaded, archived, need };
    if (!(await this.runs.claimPublish(runId, token))) return { status: 'skipped', reason: 'another worker is publishing' };

    const loaderBatches = await this.loaderBatches(runId);
    const manifest = await this.buildManifest(run, loaderBatches);
    // Cancelled or failed while the manifest was built (a compaction can take a while): nothing of it is published.
    if (!(await this.runs.stillPublishing(runId))) return { status: 'skipped', reason: 'run was cancelled or failed while publishing' };
    await publishSnapshot(this.lake, manifest);
    if (run.cursor) await this.watermarks.set(run.cursor, runId);
    await this.runs.markPublished(runId, manifest.snapshotId);
    this.logger.info({ runId, rows: manifest.rowCount, parts: manifest.parts.length, overlapping: manifest.overlapping === true }, 'snapshot published');
    // A replayed batch loaded while this snapshot was being built found the run 'publishing' (so it could neither reopen
    // nor claim it) and left the publish to this worker: its record happened before markPublished above, so it is
    // counted here, and the run is published again with it. Without this, the replayed row would never be curated.
    if ((await this.loaderBatches(runId)).length > loaderBatches.length) {
      await this.runs.reopenForReplay(runId);
      return this.publishIfComplete(runId, token);
    }
    return { status: 'published', rows: manifest.rowCount };
  }

  private async loaderBatches(runId: string): Promise<RunBatchDoc[]> {
    return (await this.batches.forRun(runId)).filter((b) => b.stage === 'loader');
  }

  private async buildManifest(run: RunDoc, loaderBatches: RunBatchDoc[]): Promise<SnapshotManifest> {
    const loaded = loaderBatches.filter((b) => b.count > 0);
    loaded.sort((a, b) => a.batchId.localeCompare(b.batchId));
    const ownParts = loaded.map((b) => ({ key: curatedPartKey(run._id, b.batchId), rows: b.count, ...(b.checksum ? { sha256: b.checksum } : {}) }));
    const previous = await readLatestSnapshot(this.lake);
    // A re-publish of the same run (a replayed batch) lists its parts again, last, with their new checksums.
    const ownKeys = new Set(ownParts.map((p) => p.key));
    const earlier = previous ? previous.parts.filter((p) => !ownKeys.has(p.key)) : [];
    let parts = [...earlier, ...ownParts];
    let rowCount = parts.reduce((n, p) => n + p.rows, 0);
    let overlapping = earlier.length > 0 && ownParts.length > 0 ? true : previous?.overlapping === true && earlier.length > 0;
    // Manifests from before merge on read hold each review once: all their rows are live.
    let baseRows = previous ? previous.baseRows ?? previous.rowCount : rowCount;
    const limits = { maxParts: this.config.SNAPSHOT_COMPACT_MAX_PARTS, maxGrowth: this.config.SNAPSHOT_COMPACT_MAX_GROWTH };
    if (overlapping && shouldCompact(parts.length, rowCount, baseRows, limits)) {
      const started = Date.now();
      const storedBefore = rowCount;
      parts = await compactParts(this.lake, run._id, parts);
      rowCount = parts.reduce((n, p) => n + p.rows, 0);
      baseRows = rowCount;
      overlapping = false;
      this.logger.info({ runId: run._id, storedBefore, rows: rowCount, parts: parts.length, ms: Date.now() - started }, 'snapshot compacted');
    }
    return {
      snapshotId: run._id,
      runId: run._id,
      createdAt: new Date().toISOString(),
      rowCount,
      parts,
      previousSnapshotId: previous?.snapshotId ?? null,
      overlapping,
      baseRows,
    };
  }

}
