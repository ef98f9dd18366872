import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { Gauge } from 'prom-client';
import { QUEUES } from '@reviewlens/contracts';
import { LakeRepository } from '@reviewlens/datalake';
import { MONGO_DB } from '@reviewlens/queueing';
import { COLLECTIONS } from '@reviewlens/store';
import { withTimeout } from '../common/with-timeout';
import { ApiMetrics } from './api-metrics';

/** Listing the whole bucket and asking MongoDB and Redis for sizes is not free: at most once a minute. */
export const STORAGE_METRICS_CACHE_MS = 60_000;
const READ_TIMEOUT_MS = 10_000;

/** `used_memory` (bytes) from the text of Redis `INFO memory`; null when absent. */
export function redisUsedMemory(info: string): number | null {
  const m = /^used_memory:(\d+)\r?$/m.exec(info);
  return m ? Number(m[1]) : null;
}

/**
 * Storage sizes for the "lake and storage" dashboard (docs/operations.md): `reviewlens_storage_bytes` and
 * `reviewlens_storage_objects` by `store` (lake, mongodb, redis) and `part` (lake zone: curated, cleaned, rejects; MongoDB
 * collection, from `collStats` size; Redis: used_memory). Read on scrape, cached STORAGE_METRICS_CACHE_MS; a store that
 * cannot be read keeps no series (its part disappears) rather than a stale value.
 */
@Injectable()
export class StorageMetrics implements OnModuleInit {
  private bytes?: Gauge<'store' | 'part'>;
  private objects?: Gauge<'store' | 'part'>;
  private pending?: Promise<void>;
  private readAt = 0;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly lake: LakeRepository,
    @Inject(MONGO_DB) private readonly db: Db,
    @InjectQueue(QUEUES.deadLetter) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    if (this.metrics.registry.getSingleMetric('reviewlens_storage_bytes')) return;
    const collect = () => this.refresh();
    this.bytes = new Gauge({ name: 'reviewlens_storage_bytes', help: 'Bytes stored, by store (lake, mongodb, redis) and part (lake zone, collection)', labelNames: ['store', 'part'], registers: [this.metrics.registry], collect });
    this.objects = new Gauge({ name: 'reviewlens_storage_objects', help: 'Objects (lake) or documents (mongodb) stored, by store and part', labelNames: ['store', 'part'], registers: [this.metrics.registry], collect });
  }

  /** Re-reads the sizes unless a read is under way or happened less than STORAGE_METRICS_CACHE_MS ago. */
  refresh(now = Date.now()): Promise<void> {
    const bytes = this.bytes;
    const objects = this.objects;
    if (!bytes || !objects) return Promise.resolve();
    if (this.pending) return this.pending;
    if (now - this.readAt < STORAGE_METRICS_CACHE_MS) return Promise.resolve();
    this.pending = (async () => {
      bytes.reset();
      objects.reset();
      try {
        const zones = await withTimeout(this.lake.sizeByZone(''), READ_TIMEOUT_MS, 'lake listing');
        for (const [zone, z] of Object.entries(zones)) { bytes.set({ store: 'lake', part: zone }, z.bytes); objects.set({ store: 'lake', part: zone }, z.objects); }
      } catch { /* the lake is down: no lake series */ }
      for (const name of Object.values(COLLECTIONS)) {
        try {
          const stats = await withTimeout(this.db.command({ collStats: name }), READ_TIMEOUT_MS, 'collStats') as { size?: number; count?: number };
          bytes.set({ store: 'mongodb', part: name }, Number(stats.size ?? 0));
          objects.set({ store: 'mongodb', part: name }, Number(stats.count ?? 0));
        } catch { /* collection absent or MongoDB down */ }
      }
      try {
        const client = (await this.queue.client) as unknown as { info(section: string): Promise<string> };
        const used = redisUsedMemory(await withTimeout(client.info('memory'), READ_TIMEOUT_MS, 'redis info'));
        if (used !== null) bytes.set({ store: 'redis', part: 'used_memory' }, used);
      } catch { /* Redis down */ }
      this.readAt = Date.now();
      this.pending = undefined;
    })();
    return this.pending;
  }
}
