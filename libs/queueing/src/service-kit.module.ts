import { getQueueToken } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { RunRepository } from '@reviewlens/store';
import { QUEUES, type QueueKey } from '@reviewlens/contracts';
import type { BaseConfig } from '@reviewlens/config';
import { createLogger, createStageMetrics } from '@reviewlens/observability';
import { bullQueues, bullRoot } from './bull-modules';
import { ReviewIdClaims, type ClaimsRedis } from './review-id-claims';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { HealthController } from './health.controller';
import { ShutdownSignal } from './shutdown-signal';
import type { StageWorkerDeps } from './stage-worker';
import { MONGO_DB, mongoProviders } from './mongo.providers';
import {
  APP_CONFIG, HEALTH_DETAILS, LIVENESS_CHECKS, LOGGER, READINESS_CHECKS, SERVICE_NAME, STAGE_METRICS, STAGE_WORKER_DEPS, type HealthDetail,
  type LivenessCheck, type ReadinessCheck,
} from './tokens';

export interface ServiceKitOptions {
  service: string;
  config: BaseConfig;
  /** Queues this service consumes or publishes to (the dead-letter queue is always registered). */
  queues: QueueKey[];
  /** Connect to MongoDB and provide the run/archive repositories. */
  mongo?: boolean;
}

/** Everything a ReviewLens service shares: config, logger, metrics, queues, dead letters, Mongo, health endpoints. */
@Global()
@Module({})
export class ServiceKitModule {
  static register(opts: ServiceKitOptions): DynamicModule {
    const queues = Array.from(new Set<QueueKey>([...opts.queues, 'deadLetter']));
    const logger = createLogger(opts.service, opts.config.LOG_LEVEL);
    const metrics = createStageMetrics(opts.service);
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: opts.config },
      { provide: SERVICE_NAME, useValue: opts.service },
      { provide: LOGGER, useValue: logger },
      { provide: STAGE_METRICS, useValue: metrics },
      { provide: HEALTH_DETAILS, useValue: [] as HealthDetail[] },
      ShutdownSignal,
      {
        provide: DeadLetterPublisher,
        useFactory: (q: Queue) => new DeadLetterPublisher(q),
        inject: [getQueueToken(QUEUES.deadLetter)],
      },
      {
        // Review id claims share the process's Redis connection (the dead-letter queue's client).
        provide: ReviewIdClaims,
        useFactory: (q: Queue) => new ReviewIdClaims(async () => (await q.client) as unknown as ClaimsRedis, opts.config.QUEUE_PREFIX || 'bull'),
        inject: [getQueueToken(QUEUES.deadLetter)],
      },
      {
        provide: STAGE_WORKER_DEPS,
        // With MongoDB, a dead-lettered job fails its run (RunRepository.markFailed).
        useFactory: (deadLetters: DeadLetterPublisher, runs?: RunRepository): StageWorkerDeps => ({ deadLetters, metrics, logger, ...(runs ? { runs } : {}) }),
        inject: [DeadLetterPublisher, { token: RunRepository, optional: true }],
      },
    ];
    const checkInjects: (string | symbol)[] = [getQueueToken(QUEUES.deadLetter)];
    if (opts.mongo) {
      providers.push(
        ...mongoProviders(opts.config),
      );
      checkInjects.push(MONGO_DB);
    }
    providers.push({
      provide: READINESS_CHECKS,
      useFactory: (dlq: Queue, db?: Db): ReadinessCheck[] => {
        const checks: ReadinessCheck[] = [{ name: 'redis', check: async () => { await ((await dlq.client) as unknown as { ping(): Promise<string> }).ping(); } }];
        if (db) checks.push({ name: 'mongo', check: async () => { await db.command({ ping: 1 }); } });
        return checks;
      },
      inject: checkInjects,
    });
    // With MongoDB, mongoProviders adds the liveness check of its monitor; without it nothing can wedge.
    if (!opts.mongo) providers.push({ provide: LIVENESS_CHECKS, useValue: [] as LivenessCheck[] });
    return {
      module: ServiceKitModule,
      imports: [bullRoot(opts.config.REDIS_URL, opts.config.QUEUE_PREFIX), bullQueues(...queues)],
      controllers: [HealthController],
      providers,
      exports: [...providers.map((p) => (typeof p === 'function' ? p : p.provide)), bullQueues(...queues)],
    };
  }
}
