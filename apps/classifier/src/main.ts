import { ClassifierConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { ClassifierModule } from './classifier.module';

runMain('classifier', async () => {
  const config = loadConfig('classifier', ClassifierConfigSchema);
  await bootstrapService(ClassifierModule.register(config), {
    service: 'classifier', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
