import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { BaseConfig, S3Config } from '@reviewlens/config';
import { LakeRepository } from '@reviewlens/datalake';
import { waitForDependency, type StartupWait } from './startup-wait';
import { LOGGER, READINESS_CHECKS, type ReadinessCheck } from './tokens';

/** A lake client whose bucket exists (created on first use locally; checked in production), waiting for S3 at start-up. */
export async function openLake(config: S3Config, wait: StartupWait): Promise<LakeRepository> {
  const lake = new LakeRepository(config);
  await waitForDependency('S3', () => lake.ensureBucket(), wait);
  return lake;
}

/**
 * The S3 data lake, with the bucket checked (and created locally) before the service takes work.
 * Registers an `s3` readiness check, so /ready answers 503 while the object store is unreachable.
 */
export function lakeProvider(config: S3Config & Pick<BaseConfig, 'STARTUP_WAIT_MS'>): Provider {
  return {
    provide: LakeRepository,
    useFactory: async (checks: ReadinessCheck[], logger: Logger) => {
      const lake = await openLake(config, { logger, timeoutMs: config.STARTUP_WAIT_MS });
      checks.push({ name: 's3', check: async () => { await lake.client.send(new HeadBucketCommand({ Bucket: lake.bucket })); } });
      return lake;
    },
    inject: [READINESS_CHECKS, LOGGER],
  };
}
