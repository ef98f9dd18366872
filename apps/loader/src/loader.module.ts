import { Module, type DynamicModule } from '@nestjs/common';
import type { LoaderConfig } from '@reviewlens/config';
import { ServiceKitModule, lakeProvider } from '@reviewlens/queueing';
import { LoaderProcessor } from './loader.processor';
import { SnapshotPublisher } from './snapshot.publisher';

@Module({})
export class LoaderModule {
  static register(config: LoaderConfig): DynamicModule {
    return {
      module: LoaderModule,
      imports: [ServiceKitModule.register({ service: 'loader', config, queues: ['load'], mongo: true })],
      providers: [lakeProvider(config), SnapshotPublisher, LoaderProcessor],
    };
  }
}
