import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Provider } from '@nestjs/common';
import type { S3Config } from '@reviewlens/config';
import { LakeRepository } from '@reviewlens/datalake';
import { READINESS_CHECKS, type ReadinessCheck } from './tokens';

/** A lake client whose bucket exists (created on first use locally; checked in production). */
export async function openLake(config: S3Config): Promise<LakeRepository> {
  const lake = new LakeRepository(config);
  await lake.ensureBucket();
  return lake;
}

/**
 * The S3 data lake, with the bucket checked (and created locally) before the service takes work.
 * Registers an `s3` readiness check, so /ready answers 503 while the object store is unreachable.
 */
export function lakeProvider(config: S3Config): Provider {
  return {
    provide: LakeRepository,
    useFactory: async (checks: ReadinessCheck[]) => {
      const lake = await openLake(config);
      checks.push({ name: 's3', check: async () => { await lake.client.send(new HeadBucketCommand({ Bucket: lake.bucket })); } });
      return lake;
    },
    inject: [READINESS_CHECKS],
  };
}
