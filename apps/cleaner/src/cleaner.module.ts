import { Module, type DynamicModule } from '@nestjs/common';
import type { CleanerConfig } from '@reviewlens/config';
import { ServiceKitModule, lakeProvider } from '@reviewlens/queueing';
import { CleanerProcessor } from './cleaner.processor';

@Module({})
export class CleanerModule {
  static register(config: CleanerConfig): DynamicModule {
    return {
      module: CleanerModule,
      imports: [ServiceKitModule.register({ service: 'cleaner', config, queues: ['clean', 'classify'], mongo: true })],
      providers: [lakeProvider(config), CleanerProcessor],
    };
  }
}
