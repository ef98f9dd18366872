import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ApiConfig } from '@reviewlens/config';
import type { ClassifiedReview } from '@reviewlens/contracts';
import { LakeRepository, readLatestSnapshot, readSnapshotRows } from '@reviewlens/datalake';
import { APP_CONFIG, LOGGER } from '@reviewlens/queueing';
import { buildSnapshotIndex, type SnapshotIndex } from './snapshot-index';

/**
 * Holds the served snapshot. Polls `curated/_latest.json`; a new snapshot is loaded fully, then swapped in with one
 * assignment (requests in flight keep the index they started with). An unreadable snapshot is logged and the
 * previous one keeps serving.
 */
@Injectable()
export class SnapshotStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private index: SnapshotIndex | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  lastError: string | null = null;

  constructor(
    private readonly lake: LakeRepository,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  current(): SnapshotIndex | null { return this.index; }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => { void this.refresh(); }, this.config.SNAPSHOT_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void { if (this.timer) clearInterval(this.timer); }

  /** Loads the latest snapshot if it changed. Concurrent calls share one load. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    try {
      const manifest = await readLatestSnapshot(this.lake);
      if (!manifest || manifest.snapshotId === this.index?.snapshotId) return;
      const rows = (await readSnapshotRows(this.lake, manifest)) as ClassifiedReview[];
      this.index = buildSnapshotIndex(manifest, rows);
      this.lastError = null;
      this.logger.info({ snapshotId: manifest.snapshotId, rows: rows.length }, 'snapshot loaded');
    } catch (err) {
      this.lastError = (err as Error).message;
      this.logger.error({ err }, 'snapshot could not be loaded; still serving the previous one');
    }
  }
}
