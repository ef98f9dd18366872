/**
 * Field case 10 (`../shared/field-cases/10-long-review-token-limit/`): reviews far longer than the model's token limit
 * through the classify CLI, with `--max-tokens` under and above the limit, for the aspect and nli engines. Expected
 * (its README): long texts truncated and classified; a limit above the model's refused up front with a message that
 * names the limit, before any work (no output file). Runs on the random-weight models (mechanics only).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@reviewlens/testing';

const root = findRepoRoot() ?? process.cwd();
const input = [process.env.REVIEWLENS_SHARED_DIR, join(root, '..', 'shared')]
  .filter((d): d is string => d !== undefined)
  .map((d) => join(d, 'field-cases', '10-long-review-token-limit', 'reviews.jsonl'))
  .find((f) => existsSync(f));
const modelDir = join(root, '.cache', 'models');

function classify(args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'fc10-')), 'out.jsonl');
  const res = spawnSync(process.execPath, [join(root, 'dist/tools/cli/classify.js'), '--input', input!, '--output', out, '--model-dir', modelDir, ...args], { encoding: 'utf8', cwd: root });
  return { ...res, out };
}

describe('field case 10: token limit of the model', { skip: input === undefined && 'shared field cases not present' }, () => {
  for (const engine of [['--engine', 'aspect', '--multilingual-model-id', ''], ['--engine', 'nli', '--quantized']]) {
    test(`${engine[1]}: --max-tokens 1024 is refused before any work, naming the limit; no output file`, () => {
      const r = classify([...engine, '--max-tokens', '1024']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /max tokens 1024 is above the limit of .*: 512 tokens/);
      assert.doesNotMatch(r.stderr, /loaded /);
      assert.equal(existsSync(r.out), false);
    });
    test(`${engine[1]}: at the limit (512), every review, the 3,400-token one included, is classified`, () => {
      const r = classify([...engine, '--max-tokens', '512']);
      assert.equal(r.status, 0, r.stderr);
      const rows = readFileSync(r.out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; theme: string });
      const ids = readFileSync(input!, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
      assert.deepEqual(rows.map((x) => x.id), ids);
      assert.ok(rows.every((x) => typeof x.theme === 'string' && x.theme.length > 0));
    });
  }
});
