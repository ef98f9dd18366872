import { randomBytes } from 'node:crypto';

export interface UniqueNameOptions {
  /** Between prefix and suffix. '-' (default) suits queues, buckets, Mongo databases; '_' suits SQL identifiers. */
  separator?: '-' | '_';
}

const MAX_PREFIX = 40;
let counter = 0;

/**
 * A unique lowercase name like `archiver-m3x9k2a1-4f9c2b7e`: starts with a letter, only [a-z0-9] and
 * the separator, at most 63 characters (valid as an S3 bucket, BullMQ queue, Mongo or PostgreSQL name).
 */
export function uniqueName(prefix: string, options: UniqueNameOptions = {}): string {
  const sep = options.separator ?? '-';
  let clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '')
    .slice(0, MAX_PREFIX)
    .replace(new RegExp(`\\${sep}+$`), '');
  if (!/^[a-z]/.test(clean)) clean = `t${clean ? sep + clean : ''}`;
  counter = (counter + 1) % 1296;
  const time = Date.now().toString(36);
  const suffix = counter.toString(36).padStart(2, '0') + randomBytes(4).toString('hex');
  return `${clean}${sep}${time}${sep}${suffix}`;
}
