import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BinaryModel, SoftmaxModel } from './logistic';

/** Format tag of a head file; bump on any change to the feature layout. */
export const HEAD_FORMAT = 'reviewlens-theme-head/1';

const BinarySchema = z.object({ w: z.array(z.number()), b: z.number() });
const SoftmaxSchema = z.object({ classes: z.array(z.string()).min(2), W: z.array(z.array(z.number())), b: z.array(z.number()) });

/**
 * What `train-themes` fits for one model and one themes file: per theme a logistic head on the review features
 * (features.ts) and its calibrated threshold, a polarity head and an overall-sentiment head, with the provenance and
 * cross-validated figures of the training. Scores are (1 − blend)·σ(head) + blend·[a keyword of the theme matched], with the theme's own blend when
 * it has one, else the file's.
 */
export const HeadFileSchema = z.object({
  format: z.literal(HEAD_FORMAT),
  modelId: z.string(),
  /** Version of the themes file the heads were fitted for; a mismatch is reported and the heads are still used per label. */
  themesVersion: z.string(),
  createdAt: z.string(),
  /** Embedding dimension the weights expect. */
  dim: z.number().int().positive(),
  blend: z.number().min(0).max(1),
  themes: z.record(z.object({ head: BinarySchema.nullable(), threshold: z.number().min(0).max(1), blend: z.number().min(0).max(1).optional() })),
  polarity: SoftmaxSchema.nullable(),
  sentiment: SoftmaxSchema.nullable(),
  training: z.object({
    labelsFile: z.string(), labelsSha256: z.string(), rows: z.number().int(), split: z.string(),
    options: z.record(z.unknown()), crossValidated: z.record(z.unknown()).optional(),
  }).passthrough(),
}).strict();
export type HeadFile = z.infer<typeof HeadFileSchema> & {
  themes: Record<string, { head: BinaryModel | null; threshold: number; blend?: number }>;
  polarity: SoftmaxModel | null;
  sentiment: SoftmaxModel | null;
};

/** `Xenova/all-MiniLM-L6-v2` → `Xenova__all-MiniLM-L6-v2` (a file name). */
export const modelSlug = (modelId: string): string => modelId.replace(/[\\/]/g, '__');

/** Heads of a themes file live beside it: `<dir>/<name>.heads/<model slug>.json` for `<dir>/<name>.json`. */
export function headPathFor(themesFile: string, modelId: string): string {
  return join(dirname(themesFile), `${basename(themesFile, '.json')}.heads`, `${modelSlug(modelId)}.json`);
}

/** Read and validate a head file; undefined when absent. Throws naming the file when it exists but is invalid. */
export function loadHead(path: string): HeadFile | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch (err) { throw new Error(`Invalid head file ${path}: ${(err as Error).message}`); }
  const parsed = HeadFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid head file ${path}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as HeadFile;
}
