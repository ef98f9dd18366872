/**
 * The themes CLIs as a user runs them, on bad input (random-weight models: mechanics only, never quality):
 * classify refuses unusable inputs and outputs before loading a model and names the line; a review with no visible
 * character gets no theme; train-themes refuses unknown themes and too few rows and writes nothing then.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@reviewlens/testing';

const root = findRepoRoot() ?? process.cwd();
const modelDir = join(root, '.cache', 'models');
const work = mkdtempSync(join(tmpdir(), 'themes-cli-'));
const file = (name: string, lines: unknown[]): string => {
  const p = join(work, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return p;
};
const run = (cli: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'dist/tools/cli', cli), '--model-dir', modelDir, '--multilingual-model-id', '', ...args], { encoding: 'utf8', cwd: root });

describe('classify CLI on bad input', () => {
  test('a line that is not JSON is named by file and line; nothing is written', () => {
    const input = file('bad.jsonl', [{ id: 1, text: 'fine' }, 'this is not json']);
    const out = join(work, 'bad-out.jsonl');
    const r = run('classify.js', ['--input', input, '--output', out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.jsonl:2: not a JSON object/);
    assert.equal(existsSync(out), false);
  });
  test('an empty input and an output in a missing folder are refused before loading the model', () => {
    const empty = file('empty.jsonl', ['']);
    const a = run('classify.js', ['--input', empty, '--output', join(work, 'e.jsonl')]);
    assert.equal(a.status, 1);
    assert.match(a.stderr, /no reviews to classify/);
    const b = run('classify.js', ['--input', file('one.jsonl', [{ id: 1, text: 'ok' }]), '--output', join(work, 'missing', 'dir', 'o.jsonl')]);
    assert.equal(b.status, 1);
    assert.match(b.stderr, /folder .*missing\/dir does not exist/);
    assert.doesNotMatch(`${a.stderr}${b.stderr}`, /loaded /);
  });
  test('a BOM on the first line is accepted; a review with no visible character gets no theme', () => {
    const input = join(work, 'bom.jsonl');
    writeFileSync(input, `\uFEFF${JSON.stringify({ id: 'v', text: '\u200B\u200C\uFEFF \u2060' })}\n${JSON.stringify({ id: 'w', text: 'Works well.' })}\n`);
    const out = join(work, 'bom-out.jsonl');
    const r = run('classify.js', ['--input', input, '--output', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /1 review\(s\) have no visible letter or digit/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; themes: unknown[] });
    assert.deepEqual(rows.map((x) => x.id), ['v', 'w']);
    assert.deepEqual(rows[0].themes, []);
  });
});

describe('train-themes on bad labels', () => {
  const row = (i: number, theme: string) => ({ key: `u:${i}`, text: `review number ${i} about ${theme}`, rating: 5, themes: [{ theme, polarity: 'positive' }] });
  test('a theme the themes file does not define is refused, naming it', () => {
    const labels = file('unknown.jsonl', Array.from({ length: 25 }, (_, i) => row(i, i === 3 ? 'smell' : 'quality')));
    const out = join(work, 'unknown-themes', 'mine.json');
    const r = run('train-themes.js', ['--labels', labels, '--split', 'all', '--out', out, '--no-evaluate']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /labelled themes not defined in .*: "smell" \(1 rows\)/);
    assert.equal(existsSync(out), false);
  });
  test('too few rows are refused with the count and the split; nothing is written', () => {
    mkdirSync(join(work, 'few'), { recursive: true });
    const labels = file('few.jsonl', Array.from({ length: 5 }, (_, i) => row(i, 'quality')));
    const out = join(work, 'few', 'mine.json');
    const r = run('train-themes.js', ['--labels', labels, '--split', 'all', '--out', out, '--no-evaluate']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /5 labelled reviews in split all: at least 20 are needed/);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(work, 'few', 'mine.heads')), false);
  });
});
