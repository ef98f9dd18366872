import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ApiConfig } from '@reviewlens/config';
import { LakeRepository } from '@reviewlens/datalake';
import { createLogger } from '@reviewlens/observability';
import { APP_CONFIG, LIVENESS_CHECKS, LOGGER, MONGO_CLIENT, MONGO_DB, bullQueues, bullRoot, mongoProviders, openLake } from '@reviewlens/queueing';
import { ArchiveRepository, RejectRepository, RunBatchRepository, RunRepository } from '@reviewlens/store';
import { ApiKeyRing } from '../auth/api-keys';
import { ApiMetrics } from '../metrics/api-metrics';
import { SnapshotPinRepository } from '../snapshot/snapshot-pin.repository';

/** Every queue the api shows on the board, counts on /metrics and publishes to (runs, replays). */
export const API_QUEUES = ['extract', 'archive', 'clean', 'classify', 'load', 'deadLetter'] as const;

/**
 * The api's infrastructure: config, logger, metrics, API keys, queues, MongoDB run repositories, the lake and the
 * snapshot pin. (The stage services use ServiceKitModule; the api has its own health controller, so it composes the
 * same building blocks itself.)
 */
@Global()
@Module({})
export class ApiKitModule {
  /** `logger` replaces the JSON stdout logger (tests capture log lines with it). */
  static register(config: ApiConfig, overrides: { logger?: Logger } = {}): DynamicModule {
    const keys = ApiKeyRing.fromConfig(config.API_KEYS, config.NODE_ENV);
    const logger = overrides.logger ?? createLogger('api', config.LOG_LEVEL);
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: ApiMetrics, useValue: new ApiMetrics('api') },
      { provide: ApiKeyRing, useValue: keys },
      { provide: SnapshotPinRepository, useFactory: () => new SnapshotPinRepository(config.REDIS_URL, config.QUEUE_PREFIX) },
      ...mongoProviders(config),
      { provide: LakeRepository, useFactory: () => openLake(config, { logger, timeoutMs: config.STARTUP_WAIT_MS }) },
    ];
    const queues = bullQueues(...API_QUEUES);
    return {
      module: ApiKitModule,
      imports: [bullRoot(config.REDIS_URL, config.QUEUE_PREFIX), queues],
      providers,
      exports: [APP_CONFIG, LOGGER, ApiMetrics, ApiKeyRing, SnapshotPinRepository, MONGO_CLIENT, MONGO_DB, LIVENESS_CHECKS, RunRepository, RunBatchRepository, RejectRepository, ArchiveRepository, LakeRepository, queues],
    };
  }
}
