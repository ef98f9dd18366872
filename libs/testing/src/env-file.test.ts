import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvFile } from './env-file';

test('parseEnvFile reads KEY=value lines and skips comments, blanks and junk', () => {
  const vars = parseEnvFile(
    ['# comment', '', 'A=1', 'export B=two words', "C='quoted'", 'D="x=y"', 'not a line', ' E = 5'].join('\n'),
  );
  assert.deepEqual(vars, { A: '1', B: 'two words', C: 'quoted', D: 'x=y' });
});

test('parseEnvFile keeps empty values and the last duplicate', () => {
  assert.deepEqual(parseEnvFile('A=\nA=2\r\nB=\n'), { A: '2', B: '' });
});
