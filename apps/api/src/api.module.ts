import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '@reviewlens/config';
import { ServiceKitModule, lakeProvider } from '@reviewlens/queueing';
import { DeadLetterController } from './dead-letter/dead-letter.controller';
import { DeadLetterService } from './dead-letter/dead-letter.service';
import { ReviewsController } from './reviews/reviews.controller';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SnapshotStore } from './snapshot/snapshot.store';

@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ServiceKitModule.register({ service: 'api', config, queues: ['extract', 'archive', 'clean', 'classify', 'load'], mongo: true })],
      controllers: [ReviewsController, RunsController, DeadLetterController],
      providers: [lakeProvider(config), SnapshotStore, RunsService, DeadLetterService],
    };
  }
}
