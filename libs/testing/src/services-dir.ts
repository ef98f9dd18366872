import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const REPO_PACKAGE_NAME = 'reviewlens';

/** True if `dir` holds the repository's root package.json. */
function isRepoRoot(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === REPO_PACKAGE_NAME;
  } catch {
    return false;
  }
}

function findUp(start: string, found: (dir: string) => boolean): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (found(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The repository root: REVIEWLENS_ROOT, else the nearest ancestor of this file or of the
 * working directory whose package.json is the repo's (compiled output may live outside the repo).
 */
export function findRepoRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['REVIEWLENS_ROOT']) return resolve(env['REVIEWLENS_ROOT']);
  return findUp(__dirname, isRepoRoot) ?? findUp(process.cwd(), isRepoRoot);
}

/** Where scripts/services/start.sh keeps data and the env file: REVIEWLENS_SERVICES_DIR or <repo>/.services. */
export function servicesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['REVIEWLENS_SERVICES_DIR']) return resolve(env['REVIEWLENS_SERVICES_DIR']);
  const root = findRepoRoot(env);
  return root ? join(root, '.services') : undefined;
}
