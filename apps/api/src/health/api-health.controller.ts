import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Db } from 'mongodb';
import { LIVENESS_CHECKS, MONGO_DB, assertLive, type LivenessCheck } from '@reviewlens/queueing';
import { withTimeout } from '../common/with-timeout';
import { ApiMetrics } from '../metrics/api-metrics';
import { PipelineQueues } from '../metrics/queue-depths';
import { SnapshotPinRepository } from '../snapshot/snapshot-pin.repository';
import { freshnessAges } from '../snapshot/snapshot-index';
import { SnapshotStore } from '../snapshot/snapshot.store';

const CHECK_TIMEOUT_MS = 2_000;

type Check = { status: 'ok' } | { status: 'down'; error: string };

async function check(what: string, fn: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(fn(), CHECK_TIMEOUT_MS, what);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  }
}

/** Liveness (no I/O; 503 when a wedged client needs a restart), readiness (Redis, MongoDB, a loaded snapshot and its age) and Prometheus metrics. */
@Controller()
export class ApiHealthController {
  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly pins: SnapshotPinRepository,
    private readonly queues: PipelineQueues,
    private readonly metrics: ApiMetrics,
    @Inject(MONGO_DB) private readonly db: Db,
    @Inject(LIVENESS_CHECKS) private readonly liveness: LivenessCheck[],
  ) {}

  @Get('health')
  health() {
    assertLive('api', this.liveness);
    return { status: 'ok', service: 'api', uptimeSec: Math.round(process.uptime()) };
  }

  /**
   * 200 when the api can serve: Redis answers and a snapshot is loaded; else 503 with the same body. MongoDB is
   * reported but does not gate readiness: the public read API serves from memory, only /runs and /v1/quality need it.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [redis, mongo] = await Promise.all([check('redis ping', () => this.pins.ping()), check('mongo ping', () => this.db.command({ ping: 1 }))]);
    const s = this.snapshots.status();
    const snapshot = {
      status: s.snapshotId ? 'ok' : 'down', snapshotId: s.snapshotId, createdAt: s.createdAt, ageSeconds: s.ageSeconds,
      rows: s.rowCount, pinnedRunId: s.pinnedRunId, lastLoadError: s.failing?.error ?? null,
    };
    const ready = redis.status === 'ok' && snapshot.status === 'ok';
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks: { redis, mongo, snapshot } };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText(): Promise<string> {
    const s = this.snapshots.status();
    if (s.ageSeconds !== null) this.metrics.snapshotAge.set(s.ageSeconds);
    this.metrics.snapshotRows.set(s.rowCount);
    this.metrics.snapshotPinned.set(s.pinnedRunId ? 1 : 0);
    const ages = freshnessAges(this.snapshots.current()?.freshness ?? null, Date.now());
    this.metrics.freshestChangeAge.set(ages.freshestChangeAgeSeconds);
    this.metrics.stalestChangeAge.set(ages.stalestChangeAgeSeconds);
    try {
      for (const { queue, counts } of await withTimeout(this.queues.depths(), CHECK_TIMEOUT_MS, 'queue counts')) {
        for (const [state, n] of Object.entries(counts)) this.metrics.queueJobs.set({ queue, state }, n);
      }
    } catch {
      this.metrics.queueJobs.reset(); // Redis down: report no depths rather than stale ones.
    }
    return this.metrics.registry.metrics();
  }
}
