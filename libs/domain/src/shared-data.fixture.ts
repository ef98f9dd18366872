import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Test support (not exported from index): path of a file in the shared real-data folder, or undefined when the
 * folder is absent (tests that need it are skipped, never failed). Looks at REVIEWLENS_SHARED_DIR, then ../shared.
 */
export function sharedFile(relativePath: string): string | undefined {
  const candidates = [process.env.REVIEWLENS_SHARED_DIR, resolve(process.cwd(), '../shared'), resolve(__dirname, '../../../../shared')];
  for (const dir of candidates) {
    if (dir !== undefined && existsSync(join(dir, relativePath))) return join(dir, relativePath);
  }
  return undefined;
}
