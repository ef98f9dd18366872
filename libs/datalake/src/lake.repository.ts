import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Config } from '@reviewlens/config';
import { createS3Client } from './s3-client';

/** Bodies above this size (and every stream) go through a multipart upload. */
export const MULTIPART_THRESHOLD_BYTES = 8 * 1024 * 1024;
const PART_SIZE_BYTES = 8 * 1024 * 1024;
const DELETE_BATCH = 1000;

export class LakeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LakeError';
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.name === 'NoSuchBucket' || e?.$metadata?.httpStatusCode === 404;
}

/** The data lake bucket: objects by key, nothing about layers or formats. */
export class LakeRepository {
  readonly bucket: string;
  readonly client: S3Client;

  constructor(config: S3Config, client: S3Client = createS3Client(config)) {
    this.bucket = config.S3_BUCKET;
    this.client = client;
  }

  /** Create the bucket if it does not exist (idempotent, also under concurrent callers). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
  }

  /** Write (or replace) one object. Large buffers and streams are uploaded in parts. */
  async putObject(key: string, body: Buffer | string | Readable, contentType: string): Promise<void> {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : Infinity;
    if (size <= MULTIPART_THRESHOLD_BYTES) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
      return;
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_SIZE_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** The object's bytes, or null when the key does not exist. */
  async getObject(key: string): Promise<Buffer | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) throw new LakeError(`object ${key} has no body`);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Whether the key exists, without fetching it. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Every key under the prefix, following continuation tokens over all pages, in key order. */
  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !token) throw new LakeError(`listing ${prefix} is truncated but has no continuation token`);
    } while (token);
    return keys;
  }

  /** Bytes and object count under `prefix`, summed by the first path segment after it (`curated`, `cleaned`, …). */
  async sizeByZone(prefix = ''): Promise<Record<string, { bytes: number; objects: number }>> {
    const out: Record<string, { bytes: number; objects: number }> = {};
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const zone = (o.Key ?? '').slice(prefix.length).split('/')[0] || '(root)';
        const z = (out[zone] ??= { bytes: 0, objects: 0 });
        z.bytes += o.Size ?? 0;
        z.objects += 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !token) throw new LakeError(`listing ${prefix} is truncated but has no continuation token`);
    } while (token);
    return out;
  }

  /** Delete keys (absent keys are fine), 1000 per request; throws if S3 reports any failure. */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const chunk = keys.slice(i, i + DELETE_BATCH);
      const res = await this.client.send(new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
      }));
      if (res.Errors?.length) {
        const first = res.Errors[0];
        throw new LakeError(`failed to delete ${res.Errors.length} keys, e.g. ${first.Key}: ${first.Code} ${first.Message ?? ''}`);
      }
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.putObject(key, JSON.stringify(value), 'application/json');
  }

  /** Parsed JSON, or null when the key does not exist. Validate the result at the call site. */
  async getJson(key: string): Promise<unknown> {
    const body = await this.getObject(key);
    if (body === null) return null;
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new LakeError(`object ${key} is not valid JSON`, { cause: err });
    }
  }
}
