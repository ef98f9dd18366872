import { z } from 'zod';

/** One theme: its label (stored on rows), an optional NLI hypothesis and optional extra texts for the embedding engine. */
export const ThemeSchema = z.object({
  label: z.string().trim().min(1),
  /**
   * Either a template containing `{}` (replaced by the label, e.g. "This review is about {}.")
   * or a full sentence used as is. Absent: the file's `hypothesisTemplate` is used.
   */
  hypothesis: z.string().trim().min(1).optional(),
  /** Extra sentences describing the theme; used by the embedding engine only (NLI uses one hypothesis per label). */
  descriptions: z.array(z.string().trim().min(1)).optional(),
}).strict();
export type Theme = z.infer<typeof ThemeSchema>;

/** A themes file (`themes/*.json`): the classification labels as configuration. */
export const ThemesFileSchema = z.object({
  version: z.union([z.string().trim().min(1), z.number()]).optional(),
  hypothesisTemplate: z.string().includes('{}', { message: 'must contain {} (replaced by the label)' })
    .default('This example is {}.'),
  themes: z.array(ThemeSchema).min(1, 'at least one theme'),
}).strict().superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.themes.forEach((t, i) => {
    const key = t.label.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['themes', i, 'label'], message: `duplicate label "${t.label}"` });
    seen.add(key);
  });
});
export type ThemesFile = z.infer<typeof ThemesFileSchema>;

/** Parsed themes plus the version stamped on classified rows. */
export interface ThemesConfig extends ThemesFile {
  /** `<version or "unversioned">-<8 hex of sha256 over the canonical parsed file>`: editing the file changes it. */
  themesVersion: string;
  /** Where the themes came from (file path, or "embedded-default"). */
  source: string;
}
