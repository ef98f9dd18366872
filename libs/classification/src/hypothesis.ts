import type { Theme, ThemesFile } from './themes.schema';

/**
 * Fill a hypothesis template the way transformers.js's zero-shot pipeline does:
 * `template.replace('{}', label)` (first occurrence only).
 */
export function fillTemplate(template: string, label: string): string {
  return template.replace('{}', label);
}

/** The NLI hypothesis for one theme: its own template/sentence if given, else the file's template. */
export function hypothesisFor(theme: Theme, hypothesisTemplate: string): string {
  return fillTemplate(theme.hypothesis ?? hypothesisTemplate, theme.label);
}

/** Texts that describe a theme for the embedding engine: the hypothesis, then any descriptions. */
export function labelTextsFor(theme: Theme, hypothesisTemplate: string): string[] {
  return [hypothesisFor(theme, hypothesisTemplate), ...(theme.descriptions ?? [])];
}

export function labelsOf(file: Pick<ThemesFile, 'themes'>): string[] {
  return file.themes.map((t) => t.label);
}
