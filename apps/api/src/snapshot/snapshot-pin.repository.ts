import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { snapshotPinKey } from '@reviewlens/retention';

/**
 * The snapshot pin, shared by every api replica: a Redis key holding the run id to serve instead of the latest.
 * Lives under the queues' key prefix, so isolated pipelines (and tests) do not see each other's pin.
 */
export class SnapshotPinRepository {
  private readonly redis: Redis;
  readonly key: string;

  constructor(redisUrl: string, prefix: string) {
    // Fail fast instead of queueing commands during a Redis outage: the poller keeps the pin it last read.
    this.redis = new Redis({ ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined);
    this.key = snapshotPinKey(prefix); // retention keeps the pinned snapshot: one key formula
  }

  async connect(): Promise<void> { if (this.redis.status === 'wait') await this.redis.connect(); }

  get(): Promise<string | null> { return this.redis.get(this.key); }

  async set(runId: string): Promise<void> { await this.redis.set(this.key, runId); }

  async clear(): Promise<void> { await this.redis.del(this.key); }

  async ping(): Promise<void> { await this.redis.ping(); }

  async close(): Promise<void> { await this.redis.quit().catch(() => this.redis.disconnect()); }
}
