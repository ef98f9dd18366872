import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import type { ApiConfig } from '@reviewlens/config';
import { QueueBoards } from './admin/queue-boards';
import { RoleGuard } from './auth/role.guard';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DeadLetterController } from './dead-letter/dead-letter.controller';
import { DeadLetterService } from './dead-letter/dead-letter.service';
import { RejectsController } from './rejects/rejects.controller';
import { RejectsService } from './rejects/rejects.service';
import { ApiHealthController } from './health/api-health.controller';
import { HttpTelemetry } from './http/http-telemetry';
import { ApiKitModule } from './kit/api-kit.module';
import { PipelineQueues } from './metrics/queue-depths';
import { RunMetrics } from './metrics/run-metrics';
import { StorageMetrics } from './metrics/storage-metrics';
import { OpenApiController } from './openapi/openapi.controller';
import { ProductsController } from './products/products.controller';
import { QualityController } from './quality/quality.controller';
import { ReviewsController } from './reviews/reviews.controller';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SnapshotStore } from './snapshot/snapshot.store';
import { SnapshotsController } from './snapshot/snapshots.controller';
import { ThemesController } from './themes/themes.controller';

/** The gateway api: public read API (/v1), ops API (API keys, roles), Bull Board, health, metrics, OpenAPI docs. */
@Module({})
export class ApiModule {
  static register(config: ApiConfig, overrides: { logger?: Logger } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [ApiKitModule.register(config, overrides)],
      controllers: [
        ApiHealthController, ReviewsController, ProductsController, ThemesController, QualityController,
        RunsController, DeadLetterController, RejectsController, SnapshotsController, OpenApiController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RoleGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        HttpTelemetry, QueueBoards, PipelineQueues, RunMetrics, StorageMetrics, SnapshotStore, RunsService, DeadLetterService, RejectsService,
      ],
    };
  }
}
