import { ClassifierConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { ClassifierModule } from './classifier.module';
import { checkModelSettings } from './theme-classifier.provider';

runMain('classifier', async () => {
  const config = loadConfig('classifier', ClassifierConfigSchema);
  // Fail fast, before connecting to anything: a missing model folder, or MAX_TOKENS above the model's limit.
  checkModelSettings(config);
  await bootstrapService(ClassifierModule.register(config), {
    service: 'classifier', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
