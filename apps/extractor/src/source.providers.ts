import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import type { ExtractorConfig } from '@reviewlens/config';
import { READINESS_CHECKS, type ReadinessCheck } from '@reviewlens/queueing';
import { SourceReviewRepository, loadSourceMapping } from '@reviewlens/source-db';

export const SOURCE_POOL = Symbol('SOURCE_POOL');

@Injectable()
class SourcePoolCloser implements OnApplicationShutdown {
  constructor(@Inject(SOURCE_POOL) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> { await this.pool.end(); }
}

/** Read-only PostgreSQL pool and the keyset repository over the configured source mapping. */
export function sourceProviders(config: ExtractorConfig): Provider[] {
  const mapping = loadSourceMapping(config.SOURCE_MAPPING_FILE);
  return [
    {
      provide: SOURCE_POOL,
      useFactory: (checks: ReadinessCheck[]) => {
        const pool = new Pool({ connectionString: config.SOURCE_DATABASE_URL, max: 4, connectionTimeoutMillis: 5_000, application_name: 'reviewlens-extractor' });
        pool.on('error', () => undefined); // idle-client errors during an outage; queries retry through BullMQ
        checks.push({ name: 'postgres', check: async () => { await pool.query('SELECT 1'); } });
        return pool;
      },
      inject: [READINESS_CHECKS],
    },
    { provide: SourceReviewRepository, useFactory: (pool: Pool) => new SourceReviewRepository(pool, mapping), inject: [SOURCE_POOL] },
    SourcePoolCloser,
  ];
}
