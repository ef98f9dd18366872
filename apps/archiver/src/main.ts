import { ArchiverConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { ArchiverModule } from './archiver.module';

runMain('archiver', async () => {
  const config = loadConfig('archiver', ArchiverConfigSchema);
  await bootstrapService(ArchiverModule.register(config), {
    service: 'archiver', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
