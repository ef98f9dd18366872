import { CleanerConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { CleanerModule } from './cleaner.module';

runMain('cleaner', async () => {
  const config = loadConfig('cleaner', CleanerConfigSchema);
  await bootstrapService(CleanerModule.register(config), {
    service: 'cleaner', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
