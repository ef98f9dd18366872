import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LakeError, type LakeRepository } from '@reviewlens/datalake';

/** One object of the lake, as a listing returns it. */
export interface LakeObject { key: string; size: number; lastModified: Date }

/** Every object under the prefix with its size and last-modified time, over all listing pages, in key order. */
export async function listLakeObjects(lake: LakeRepository, prefix: string): Promise<LakeObject[]> {
  const out: LakeObject[] = [];
  let token: string | undefined;
  do {
    const page = await lake.client.send(new ListObjectsV2Command({ Bucket: lake.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && !token) throw new LakeError(`listing ${prefix} is truncated but has no continuation token`);
  } while (token);
  return out;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}
