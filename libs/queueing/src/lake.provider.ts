import type { Provider } from '@nestjs/common';
import type { S3Config } from '@reviewlens/config';
import { LakeRepository } from '@reviewlens/datalake';

/** The S3 data lake, with the bucket checked (and created locally) before the service takes work. */
export function lakeProvider(config: S3Config): Provider {
  return {
    provide: LakeRepository,
    useFactory: async () => {
      const lake = new LakeRepository(config);
      await lake.ensureBucket();
      return lake;
    },
  };
}
