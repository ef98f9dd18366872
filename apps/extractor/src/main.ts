import { ExtractorConfigSchema, loadConfig } from '@reviewlens/config';
import { bootstrapService, runMain } from '@reviewlens/queueing';
import { ExtractorModule } from './extractor.module';

runMain('extractor', async () => {
  const config = loadConfig('extractor', ExtractorConfigSchema);
  await bootstrapService(ExtractorModule.register(config), {
    service: 'extractor', port: config.PORT, host: config.HOST, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, logLevel: config.LOG_LEVEL,
  });
});
