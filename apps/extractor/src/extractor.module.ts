import { Module, type DynamicModule } from '@nestjs/common';
import type { ExtractorConfig } from '@reviewlens/config';
import { ServiceKitModule } from '@reviewlens/queueing';
import { ExtractionService } from './extraction.service';
import { ExtractorProcessor } from './extractor.processor';
import { RetentionScheduler } from './retention.scheduler';
import { RunScheduler } from './run.scheduler';
import { RunWatchdog } from './run-watchdog';
import { sourceProviders } from './source.providers';

@Module({})
export class ExtractorModule {
  static register(config: ExtractorConfig): DynamicModule {
    return {
      module: ExtractorModule,
      imports: [ServiceKitModule.register({ service: 'extractor', config, queues: ['extract', 'archive', 'clean', 'load'], mongo: true })],
      providers: [...sourceProviders(config), ExtractionService, ExtractorProcessor, RunScheduler, RunWatchdog, RetentionScheduler],
    };
  }
}
