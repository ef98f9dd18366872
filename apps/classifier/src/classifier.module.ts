import { Module, type DynamicModule } from '@nestjs/common';
import type { ClassifierConfig } from '@reviewlens/config';
import { ServiceKitModule } from '@reviewlens/queueing';
import { ClassifierProcessor } from './classifier.processor';
import { InferenceShutdown } from './inference-shutdown';
import { ModelHealthController } from './model-health.controller';
import { classifierMetricsProvider, loadedModelsProvider, themeClassifierProvider } from './theme-classifier.provider';

@Module({})
export class ClassifierModule {
  static register(config: ClassifierConfig): DynamicModule {
    return {
      module: ClassifierModule,
      imports: [ServiceKitModule.register({ service: 'classifier', config, queues: ['classify', 'load'], mongo: true })],
      controllers: [ModelHealthController],
      providers: [classifierMetricsProvider, loadedModelsProvider(config), themeClassifierProvider(config), InferenceShutdown, ClassifierProcessor],
    };
  }
}
