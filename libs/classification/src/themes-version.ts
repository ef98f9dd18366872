import { createHash } from 'node:crypto';
import type { ThemesFile } from './themes.schema';

/** JSON with object keys sorted, so formatting and key order do not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `<version>-<first 8 hex of sha256(canonical parsed file)>`; `unversioned-<hash>` without a version. */
export function themesVersionOf(file: ThemesFile): string {
  const hash = createHash('sha256').update(canonicalJson(file)).digest('hex').slice(0, 8);
  return `${file.version ?? 'unversioned'}-${hash}`;
}
