#!/usr/bin/env node
// Runs the compiled test suites with node's test runner: unit tests first, then integration and end-to-end.
// Usage: node scripts/run-tests.mjs [unit|integration|e2e|fault|all]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return name.endsWith('.test.js') ? [p] : [];
  });
}

const suites = {
  unit: [
    ...testFiles(join(root, 'dist/libs')), ...testFiles(join(root, 'dist/apps')), ...testFiles(join(root, 'dist/tools')),
    ...readdirSync(join(root, 'scripts/models')).filter((f) => f.endsWith('.test.mjs')).map((f) => join(root, 'scripts/models', f)),
  ],
  integration: testFiles(join(root, 'dist/test/integration')),
  e2e: testFiles(join(root, 'dist/test/e2e')),
  // Fault injection stops and restarts the shared local services: it runs last, alone.
  fault: testFiles(join(root, 'dist/test/fault')),
};
const order = which === 'all' ? ['unit', 'integration', 'e2e', 'fault'] : [which];
let failed = false;
for (const suite of order) {
  const files = suites[suite];
  if (!files?.length) { console.log(`# no ${suite} tests found`); continue; }
  console.log(`# ${suite}: ${files.length} files`);
  // Integration and e2e tests share real services: run their files one at a time.
  const concurrency = suite === 'unit' ? '2' : '1';
  const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
