import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '@reviewlens/config';

/**
 * S3 client for AWS S3, MinIO or s3rver. Checksums only WHEN_REQUIRED: the SDK's default (CRC32 on every request,
 * aws-chunked streaming bodies) is stored corrupted by s3rver and is not needed for our integrity (we keep sha256s).
 */
export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
