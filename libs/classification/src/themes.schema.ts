import { z } from 'zod';

const text = z.string().trim().min(1);

/**
 * One theme: its label (stored on rows), descriptions and example phrases (embedded by the aspect and embedding
 * engines), keywords per language (ISO 639-1 code → words or phrases, matched on word boundaries, case-insensitive),
 * and the polarity the theme can take (`negative` for a theme that is a complaint by nature, such as a defect).
 */
export const ThemeSchema = z.object({
  label: text,
  /**
   * Either a template containing `{}` (replaced by the label, e.g. "This review is about {}.")
   * or a full sentence used as is. Absent: the file's `hypothesisTemplate` is used. NLI engine only.
   */
  hypothesis: text.optional(),
  /** Sentences defining the theme. */
  descriptions: z.array(text).optional(),
  /** Short phrases a review might contain when it talks about the theme (aspect engine: sentence-level similarity). */
  examples: z.array(text).optional(),
  /** Keywords per language code (`en`, `fr`, …); `*` applies to every language. */
  keywords: z.record(z.string().regex(/^([a-z]{2,3}|\*)$/, 'an ISO 639 language code or *'), z.array(text)).optional(),
  /** Polarities the theme can take: `any` (positive, negative or mixed; default) or one fixed polarity. */
  polarity: z.enum(['any', 'negative', 'positive']).optional(),
}).strict();
export type Theme = z.infer<typeof ThemeSchema>;

/** Maps a review's themes to one label of the original system (first matching rule wins). */
export const LegacyRuleSchema = z.object({
  label: text,
  /** The review must carry this theme (among its detected themes; with `main`, as its top theme). */
  theme: text.optional(),
  main: z.boolean().optional(),
  /** …with one of these polarities. */
  polarity: z.array(z.enum(['positive', 'negative', 'mixed'])).optional(),
  /** The review's overall sentiment must be one of these. */
  sentiment: z.array(z.enum(['positive', 'negative', 'mixed', 'neutral'])).optional(),
}).strict();
export type LegacyRule = z.infer<typeof LegacyRuleSchema>;

/** A themes file (`themes/*.json`): the classification labels as configuration. */
export const ThemesFileSchema = z.object({
  version: z.union([text, z.number()]).optional(),
  description: z.string().optional(),
  hypothesisTemplate: z.string().includes('{}', { message: 'must contain {} (replaced by the label)' })
    .default('This example is {}.'),
  themes: z.array(ThemeSchema).min(1, 'at least one theme'),
  legacyLabels: z.object({ description: z.string().optional(), rules: z.array(LegacyRuleSchema).min(1) }).strict().optional(),
}).strict().superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.themes.forEach((t, i) => {
    const key = t.label.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['themes', i, 'label'], message: `duplicate label "${t.label}"` });
    seen.add(key);
  });
  file.legacyLabels?.rules.forEach((r, i) => {
    if (r.theme !== undefined && !seen.has(r.theme.toLowerCase())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['legacyLabels', 'rules', i, 'theme'], message: `unknown theme "${r.theme}"` });
    }
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
