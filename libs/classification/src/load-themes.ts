import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ThemesFileSchema, type ThemesConfig } from './themes.schema';
import { themesVersionOf } from './themes-version';

export class ThemesFileError extends Error {
  constructor(source: string, detail: string) {
    super(`Invalid themes file ${source}: ${detail}`);
    this.name = 'ThemesFileError';
  }
}

const DEFAULT_RELATIVE = join('themes', 'default.json');

/**
 * Find `themes/default.json` by walking up from `startDirs` (default: this module's folder, which is
 * `libs/classification/src` in source and `dist/libs/classification/src` when compiled, then the working directory).
 * tsc does not copy JSON files into dist/, so the file is always read from the repository (or image) root.
 */
export function findDefaultThemesFile(startDirs: string[] = [__dirname, process.cwd()]): string | undefined {
  for (const start of startDirs) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, DEFAULT_RELATIVE);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** Validate an already-parsed themes document. */
export function parseThemes(raw: unknown, source: string): ThemesConfig {
  const parsed = ThemesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ThemesFileError(source, issues.join('; '));
  }
  return { ...parsed.data, themesVersion: themesVersionOf(parsed.data), source };
}

/**
 * Load and validate a themes file. Without a path: `themes/default.json` found from the repository (or image) root;
 * its trained heads live beside it in `themes/default.heads/`. Throws ThemesFileError when nothing is found.
 */
export function loadThemes(path?: string): ThemesConfig {
  const file = path ?? findDefaultThemesFile();
  if (!file) throw new ThemesFileError('themes/default.json', 'not found from this module or the working directory; set THEMES_FILE or --themes');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ThemesFileError(file, `cannot read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ThemesFileError(file, `not valid JSON: ${(err as Error).message}`);
  }
  return parseThemes(raw, file);
}
