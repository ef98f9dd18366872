import { Module, type DynamicModule } from '@nestjs/common';
import type { ArchiverConfig } from '@reviewlens/config';
import { ServiceKitModule } from '@reviewlens/queueing';
import { ArchiverProcessor } from './archiver.processor';

@Module({})
export class ArchiverModule {
  static register(config: ArchiverConfig): DynamicModule {
    return {
      module: ArchiverModule,
      imports: [ServiceKitModule.register({ service: 'archiver', config, queues: ['archive', 'load'], mongo: true })],
      providers: [ArchiverProcessor],
    };
  }
}
