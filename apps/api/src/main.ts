import { ApiConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { ApiModule } from './api.module';

runMain('api', async () => {
  const config = loadConfig('api', ApiConfigSchema);
  await bootstrapService(ApiModule.register(config), {
    service: 'api', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
