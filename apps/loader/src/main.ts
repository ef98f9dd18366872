import { LoaderConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { LoaderModule } from './loader.module';

runMain('loader', async () => {
  const config = loadConfig('loader', LoaderConfigSchema);
  await bootstrapService(LoaderModule.register(config), {
    service: 'loader', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
