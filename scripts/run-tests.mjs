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
// Quality: the themes classifier with real weights on the held-out labelled reviews (fails below the floor recorded
// in docs/models.md), and train-themes on the calibration part into a scratch folder (reports the gain, same floor).
// Needs ../shared (labels and review texts) and the real models (scripts/test.sh builds them).
const quality = [
  ['dist/tools/cli/eval-themes.js', '--split', 'heldout', '--floor', 'docs/models.md', '--json', '.cache/quality/eval-heldout.json'],
  ['dist/tools/cli/train-themes.js', '--split', 'calibration', '--out', '.cache/quality/themes/default.json', '--floor', 'docs/models.md'],
];
const order = which === 'all' ? ['unit', 'integration', 'e2e', 'quality', 'fault'] : [which];
let failed = false;
for (const suite of order) {
  if (suite === 'quality') {
    if (!existsSync(join(root, '../shared/data-labels/themes_dev.jsonl')) && !process.env.REVIEWLENS_SHARED_DIR) {
      console.log('# quality: ../shared/data-labels not found, skipped');
      continue;
    }
    console.log(`# quality: ${quality.length} commands`);
    for (const args of quality) {
      console.log(`$ node ${args.join(' ')}`);
      const res = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
      if (res.status !== 0) { console.log(`# quality: FAILED (${args[0]} exited ${res.status})`); failed = true; }
    }
    continue;
  }
  const files = suites[suite];
  if (!files?.length) { console.log(`# no ${suite} tests found`); continue; }
  console.log(`# ${suite}: ${files.length} files`);
  // Integration and e2e tests share real services: run their files one at a time.
  const concurrency = suite === 'unit' ? '2' : '1';
  const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
