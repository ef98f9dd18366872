/**
 * Runtime baseline (issue 11, docs/adr/0006-node-24.md): one Node major everywhere (engines, lockfile, .nvmrc,
 * Dockerfile, scripts/ensure-node.sh, @types/node), and a lockfile that `npm ci` accepts on any platform: every
 * optional dependency of every locked package is locked too. A lock written without the other platforms' optional
 * packages (the msgpackr-extract-darwin/win32 entries, npm/cli#4828) is what made `npm ci` refuse it before.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, 'package-lock.json')) && existsSync(path.join(dir, 'scripts/ensure-node.sh'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('repository root not found');
}

const ROOT = findRepoRoot();
const read = (p: string): string => readFileSync(path.join(ROOT, p), 'utf8');
const MAJOR = 24;

interface LockEntry { version?: string; optional?: boolean; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies?: Record<string, string>; engines?: Record<string, string> }
interface Lock { lockfileVersion: number; packages: Record<string, LockEntry> }

/** Where npm would resolve `name` from the package at `from` (node_modules lookup up the tree), or undefined. */
export function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

/** Optional dependencies named by a locked package but missing from the lock: `npm ci` refuses such a lock. */
export function missingOptionals(lock: Lock): string[] {
  const missing: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(lock.packages, where, name)) missing.push(`${where || '(root)'} -> ${name}`);
    }
  }
  return missing;
}

describe('runtime baseline: Node 24 LTS', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const lock = JSON.parse(read('package-lock.json')) as Lock;

  test('engines, lockfile, .nvmrc, Dockerfile, ensure-node.sh and @types/node name the same Node major', () => {
    assert.match(pkg.engines.node, new RegExp(`^>=${MAJOR}\\.\\d+`));
    assert.equal(lock.packages['']?.engines?.node, pkg.engines.node, 'the lock root carries the same engines (else npm install rewrites it)');
    assert.equal(read('.nvmrc').trim(), String(MAJOR));
    assert.match(read('Dockerfile'), new RegExp(`^ARG NODE_IMAGE=node:${MAJOR}-bookworm-slim$`, 'm'));
    const ensure = read('scripts/ensure-node.sh');
    assert.match(ensure, new RegExp(`REVIEWLENS_NODE_MAJOR:-${MAJOR}\\}`));
    assert.match(ensure, new RegExp(`REVIEWLENS_NODE_VERSION:-${MAJOR}\\.\\d+\\.\\d+\\}`));
    assert.match(pkg.devDependencies['@types/node'] ?? '', new RegExp(`^\\^${MAJOR}\\.`));
    assert.match(lock.packages['node_modules/@types/node']?.version ?? '', new RegExp(`^${MAJOR}\\.`));
    assert.match(read('.ci/run'), /reviewlens_ensure_node/);
    assert.match(read('.ci/run'), /^npm ci /m);
  });

  test('the lock is in sync with package.json (the ranges npm ci compares)', () => {
    const root = lock.packages[''] ?? {};
    assert.equal(lock.lockfileVersion, 3);
    assert.deepEqual(root.dependencies, pkg.dependencies);
    assert.deepEqual(root.devDependencies, pkg.devDependencies);
  });

  test('every optional dependency of every locked package is locked (all platforms), so npm ci accepts the lock anywhere', () => {
    assert.deepEqual(missingOptionals(lock), []);
    for (const p of ['darwin-arm64', 'darwin-x64', 'linux-arm', 'linux-arm64', 'linux-x64', 'win32-x64']) {
      assert.ok(lock.packages[`node_modules/@msgpackr-extract/msgpackr-extract-${p}`], `msgpackr-extract ${p} is locked`);
    }
  });

  test('missingOptionals finds what npm ci would refuse', () => {
    const broken: Lock = {
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/msgpackr-extract': { optionalDependencies: { '@msgpackr-extract/msgpackr-extract-linux-x64': '3.0.7', '@msgpackr-extract/msgpackr-extract-win32-x64': '3.0.7' } },
        'node_modules/@msgpackr-extract/msgpackr-extract-linux-x64': { version: '3.0.7' },
        'node_modules/a': {}, 'node_modules/a/node_modules/b': { optionalDependencies: { c: '1' } }, 'node_modules/c': {},
      },
    };
    assert.deepEqual(missingOptionals(broken), ['node_modules/msgpackr-extract -> @msgpackr-extract/msgpackr-extract-win32-x64']);
  });
});
