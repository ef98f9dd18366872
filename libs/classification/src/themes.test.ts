import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fillTemplate, hypothesisFor, labelTextsFor } from './hypothesis';
import { findDefaultThemesFile, loadThemes, ThemesFileError } from './load-themes';

const TOPICS = ['quality', 'defect', 'price', 'delivery', 'packaging', 'service', 'usability'];
const ORIGINAL_LABELS = [
  'product quality', 'product defect', 'positive experience', 'negative experience',
  'delivery issue', 'delivery satisfaction', 'price value',
];

function writeTmp(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'themes-')), 'themes.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('themes file', () => {
  test('themes/default.json is found from the repo root and holds the seven topics, defect negative by nature', () => {
    const file = findDefaultThemesFile();
    assert.ok(file, 'themes/default.json not found walking up from the module or the cwd');
    const themes = loadThemes();
    assert.deepEqual(themes.themes.map((t) => t.label), TOPICS);
    assert.equal(themes.themes.find((t) => t.label === 'defect')?.polarity, 'negative');
    assert.match(themes.themesVersion, /^2-[0-9a-f]{8}$/);
    assert.equal(themes.source, file);
    for (const t of themes.themes) assert.ok((t.examples?.length ?? 0) >= 8 && (t.keywords?.en?.length ?? 0) > 0 && (t.keywords?.fr?.length ?? 0) > 0, t.label);
  });

  test('the legacy rules of the default file can produce every one of the original seven labels', () => {
    const themes = loadThemes();
    assert.deepEqual([...new Set(themes.legacyLabels!.rules.map((r) => r.label))].sort(), [...ORIGINAL_LABELS].sort());
    assert.deepEqual(loadThemes(join(dirname(findDefaultThemesFile()!), 'legacy-seven.json')).themes.map((t) => t.label), ORIGINAL_LABELS);
  });

  test('a legacy rule naming an unknown theme is rejected', () => {
    assert.throws(() => loadThemes(writeTmp({ themes: [{ label: 'a' }], legacyLabels: { rules: [{ label: 'x', theme: 'b' }] } })), /unknown theme "b"/);
  });

  test('the version changes when the content changes, not when formatting or key order does', () => {
    const base = { version: '3', hypothesisTemplate: 'It is about {}.', themes: [{ label: 'a' }, { label: 'b' }] };
    const v1 = loadThemes(writeTmp(base)).themesVersion;
    const reordered = { themes: [{ label: 'a' }, { label: 'b' }], hypothesisTemplate: 'It is about {}.', version: '3' };
    assert.equal(loadThemes(writeTmp(JSON.stringify(reordered))).themesVersion, v1);
    const changed = loadThemes(writeTmp({ ...base, themes: [{ label: 'a' }, { label: 'c' }] })).themesVersion;
    assert.notEqual(changed, v1);
    assert.ok(changed.startsWith('3-'));
    assert.match(loadThemes(writeTmp({ themes: [{ label: 'a' }] })).themesVersion, /^unversioned-[0-9a-f]{8}$/);
  });

  test('invalid files are rejected with the path and the problem', () => {
    assert.throws(() => loadThemes(writeTmp({ themes: [] })), (e: Error) => e instanceof ThemesFileError && /at least one theme/.test(e.message));
    assert.throws(() => loadThemes(writeTmp({ hypothesisTemplate: 'no placeholder', themes: [{ label: 'a' }] })), /must contain \{\}/);
    assert.throws(() => loadThemes(writeTmp({ themes: [{ label: 'A' }, { label: 'a' }] })), /duplicate label/);
    assert.throws(() => loadThemes(writeTmp({ themes: [{ label: 'a', extra: 1 }] })), /Unrecognized key/);
    assert.throws(() => loadThemes(writeTmp('{ not json')), /not valid JSON/);
    assert.throws(() => loadThemes('/nonexistent/themes.json'), /cannot read/);
  });
});

describe('hypotheses', () => {
  test('template, per-theme template and full sentence', () => {
    assert.equal(fillTemplate('This example is {}.', 'price value'), 'This example is price value.');
    assert.equal(hypothesisFor({ label: 'x' }, 'About {}.'), 'About x.');
    assert.equal(hypothesisFor({ label: 'x', hypothesis: 'Mostly {} here.' }, 'About {}.'), 'Mostly x here.');
    assert.equal(hypothesisFor({ label: 'x', hypothesis: 'The parcel was late.' }, 'About {}.'), 'The parcel was late.');
    assert.deepEqual(labelTextsFor({ label: 'x', descriptions: ['d1', 'd2'] }, 'About {}.'), ['About x.', 'd1', 'd2']);
  });
});
