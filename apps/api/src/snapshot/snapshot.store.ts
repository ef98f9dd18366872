import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ApiConfig } from '@reviewlens/config';
import { LakeRepository, readSnapshotRows, type SnapshotManifest, type SnapshotPartCache } from '@reviewlens/datalake';
import { APP_CONFIG, LOGGER } from '@reviewlens/queueing';
import { conflict, notFound, unprocessable } from '../common/api-error';
import { ApiMetrics } from '../metrics/api-metrics';
import { buildSnapshotIndex, type SnapshotIndex } from './snapshot-index';
import { readRunManifest, readWantedManifest } from './snapshot-manifests';
import { SnapshotPinRepository } from './snapshot-pin.repository';

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** After a snapshot failed to load, the poller tries that same snapshot again only after this long. */
export const FAILED_SNAPSHOT_RETRY_MS = 60_000;

export interface SnapshotStatus {
  snapshotId: string | null;
  runId: string | null;
  createdAt: string | null;
  ageSeconds: number | null;
  rowCount: number;
  products: number;
  loadedAt: string | null;
  previousSnapshotId: string | null;
  pinnedRunId: string | null;
  failing: { snapshotId: string | null; error: string; at: string } | null;
  /**
   * Source updatedAt of the newest served change, the run of the latest served changes and its oldest change (ISO,
   * ms); the /metrics freshness gauges are now minus these. Nulls before a load or without readable dates.
   */
  freshness: { newestChangeAt: string | null; latestChangesRunId: string | null; oldestLatestChangeAt: string | null };
}

/**
 * Holds the served snapshot and swaps it. The poller reads the pin (Redis) and the wanted manifest (the pinned run's,
 * else `curated/_latest.json`); a new snapshot is loaded and indexed completely off to the side, then swapped in with
 * one assignment, so requests never see a half-built index and none is dropped (a request reads the index once).
 * If the new snapshot cannot be read, the previous one keeps serving: error log with `alert`, a metric, and the
 * failure in /ready and /v1/snapshots/current. Loads never overlap (one at a time, in order).
 */
@Injectable()
export class SnapshotStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private index: SnapshotIndex | null = null;
  private pinned: string | null = null;
  private failure: { snapshotId: string | null; error: string; at: Date } | null = null;
  /** Decoded parts by key and checksum (SNAPSHOT_PART_CACHE). */
  private readonly partCache: SnapshotPartCache = new Map();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly lake: LakeRepository,
    private readonly pins: SnapshotPinRepository,
    private readonly metrics: ApiMetrics,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  current(): SnapshotIndex | null { return this.index; }

  async onApplicationBootstrap(): Promise<void> {
    await this.pins.connect().catch((err: Error) => this.logger.warn({ err: err.message }, 'redis not reachable for the snapshot pin; following the latest snapshot'));
    await this.refresh();
    this.timer = setInterval(() => { void this.refresh(); }, this.config.SNAPSHOT_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pins.close();
  }

  /** Loads the wanted snapshot if it changed. Concurrent calls share one attempt. */
  refresh(): Promise<void> {
    this.refreshing ??= this.exclusive(() => this.poll()).finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  /** Serve this run's snapshot on every replica until unpinned. Refused (and nothing changes) if it cannot be loaded. */
  pin(runId: string): Promise<SnapshotStatus> {
    return this.exclusive(async () => {
      const manifest = await readRunManifest(this.lake, runId).catch((err: Error) => { throw unprocessable('snapshot_unreadable', err.message); });
      if (!manifest) throw notFound(`run ${runId} has no published snapshot`);
      if (manifest.snapshotId !== this.index?.snapshotId) {
        try {
          await this.load(manifest);
        } catch (err) {
          throw unprocessable('snapshot_unreadable', `snapshot ${manifest.snapshotId} could not be loaded; still serving ${this.index?.snapshotId ?? 'nothing'}: ${(err as Error).message}`);
        }
      }
      await this.pins.set(runId);
      this.pinned = runId;
      this.logger.warn({ runId, snapshotId: manifest.snapshotId }, 'snapshot pinned');
      return this.status();
    });
  }

  /** Pin the snapshot the served one replaced (or a given run's). */
  async rollback(runId?: string): Promise<SnapshotStatus> {
    const target = runId ?? this.index?.previousSnapshotId ?? null;
    if (!target) throw conflict('the served snapshot has no previous snapshot to roll back to');
    return this.pin(target);
  }

  /** Follow `curated/_latest.json` again. */
  async unpin(): Promise<SnapshotStatus> {
    await this.pins.clear();
    this.pinned = null;
    this.logger.warn('snapshot unpinned; following the latest snapshot');
    await this.refresh();
    return this.status();
  }

  status(now = new Date()): SnapshotStatus {
    const i = this.index;
    return {
      snapshotId: i?.snapshotId ?? null, runId: i?.runId ?? null, createdAt: i?.createdAt ?? null,
      ageSeconds: i ? Math.max(0, Math.round((now.getTime() - Date.parse(i.createdAt)) / 1000)) : null,
      rowCount: i?.rowCount ?? 0, products: i?.byProduct.size ?? 0, loadedAt: i?.loadedAt.toISOString() ?? null,
      previousSnapshotId: i?.previousSnapshotId ?? null, pinnedRunId: this.pinned,
      failing: this.failure ? { snapshotId: this.failure.snapshotId, error: this.failure.error, at: this.failure.at.toISOString() } : null,
      freshness: {
        newestChangeAt: iso(i?.freshness.newestChangeMs), latestChangesRunId: i?.freshness.latestChangesRunId ?? null,
        oldestLatestChangeAt: iso(i?.freshness.oldestLatestChangeMs),
      },
    };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async poll(): Promise<void> {
    try {
      this.pinned = await this.pins.get();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not read the snapshot pin; keeping the last known one');
    }
    let manifest: SnapshotManifest | null;
    try {
      manifest = await readWantedManifest(this.lake, this.pinned);
    } catch (err) {
      this.failed(null, err as Error);
      return;
    }
    if (!manifest) return;
    if (manifest.snapshotId === this.index?.snapshotId) {
      this.clearFailure();
      return;
    }
    const recent = this.failure && this.failure.snapshotId === manifest.snapshotId && Date.now() - this.failure.at.getTime() < FAILED_SNAPSHOT_RETRY_MS;
    if (recent) return;
    try {
      await this.load(manifest);
    } catch (err) {
      this.failed(manifest.snapshotId, err as Error);
    }
  }

  private async load(manifest: SnapshotManifest): Promise<void> {
    const end = this.metrics.snapshotLoadDuration.startTimer();
    const started = Date.now();
    try {
      const rows = await readSnapshotRows(this.lake, manifest, this.config.SNAPSHOT_PART_CACHE ? this.partCache : undefined);
      const next = await buildSnapshotIndex(
        { snapshotId: manifest.snapshotId, runId: manifest.runId, createdAt: manifest.createdAt, previousSnapshotId: manifest.previousSnapshotId ?? null },
        rows,
      );
      const previous = this.index?.snapshotId ?? null;
      this.index = next;
      this.metrics.snapshotLoads.inc({ outcome: 'ok' });
      this.metrics.snapshotRows.set(next.rowCount);
      this.clearFailure();
      this.logger.info({ snapshotId: next.snapshotId, previous, rows: next.rowCount, products: next.byProduct.size, loadMs: Date.now() - started }, 'snapshot loaded');
    } catch (err) {
      this.metrics.snapshotLoads.inc({ outcome: 'error' });
      throw err;
    } finally {
      end();
    }
  }

  private failed(snapshotId: string | null, err: Error): void {
    this.failure = { snapshotId, error: err.message, at: new Date() };
    this.metrics.snapshotLoadFailing.set(1);
    this.logger.error(
      { alert: 'snapshot_load_failed', snapshotId, serving: this.index?.snapshotId ?? null, err: { name: err.name, message: err.message } },
      'snapshot could not be loaded; still serving the previous one',
    );
  }

  private clearFailure(): void {
    this.failure = null;
    this.metrics.snapshotLoadFailing.set(0);
  }
}
