import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  createClassifier, loadThemes, readLabelledLines, resolveTexts, splitOf,
  type AspectThemeClassifier, type EvaluationReport, type WarnFn, type LabelledReview, type Split, type ThemesConfig,
} from '@reviewlens/classification';

/** Real-weight models built by `npm run models:build-real` (the default everywhere a user runs the classifier). */
export const REAL_MODEL_DIR = '.cache/models-real';
export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_MULTILINGUAL_MODEL_ID = 'Xenova/multilingual-e5-small';

export interface ThemesCliOptions {
  labels: string; dataDir: string; split: Split | 'all'; themes?: string; modelDir: string; modelId: string;
  multilingualModelId: string; quantized: boolean; batchSize: number; threads: number;
}

/** Options shared by train-themes, eval:themes and compare-models: labelled file, split, themes, models. */
export function addThemesOptions(cmd: Command, defaultSplit: Split | 'all' = 'heldout'): Command {
  return cmd
    .option('--labels <file>', 'labelled reviews, JSONL (docs/models.md#labelled-data)', '../shared/data-labels/themes_dev.jsonl')
    .option('--data-dir <dir>', 'folder of the review files the labels refer to by key (lines without "text")', '../shared/data')
    .addOption(new Option('--split <part>', 'which part of the labelled file').choices(['calibration', 'heldout', 'all']).default(defaultSplit))
    .option('--themes <file>', 'themes file (its heads are read from <name>.heads/ beside it)')
    .option('--model-dir <dir>', 'root holding <model-id>/ folders', process.env.MODEL_DIR ?? REAL_MODEL_DIR)
    .option('--model-id <id>', 'primary (English) embedding model', process.env.MODEL_ID ?? DEFAULT_MODEL_ID)
    .option('--multilingual-model-id <id>', 'model for other languages ("" = none)', process.env.MULTILINGUAL_MODEL_ID ?? DEFAULT_MULTILINGUAL_MODEL_ID)
    .option('--quantized', 'use the int8 ONNX files', false)
    .option('--batch-size <n>', 'reviews per forward pass', (v) => Number(v), 32)
    .option('--threads <n>', 'ONNX Runtime threads (0 = CPU quota)', (v) => Number(v), 0);
}

/** Labelled reviews of one split, with texts resolved, and the sha256 of the labels file. */
export function loadLabelled(opts: Pick<ThemesCliOptions, 'labels' | 'dataDir' | 'split'>): { reviews: LabelledReview[]; total: number; sha256: string } {
  const lines = readLabelledLines(opts.labels);
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.key)) throw new Error(`${opts.labels}: key "${l.key}" appears twice`);
    seen.add(l.key);
  }
  const all = resolveTexts(lines, resolve(opts.dataDir));
  const reviews = opts.split === 'all' ? all : all.filter((r) => splitOf(r.key) === opts.split);
  return { reviews, total: all.length, sha256: createHash('sha256').update(readFileSync(opts.labels)).digest('hex') };
}

/** Throws naming every theme of the labelled reviews that the themes file does not define (with row counts). */
export function assertKnownThemes(reviews: readonly LabelledReview[], themes: ThemesConfig): void {
  const known = new Set(themes.themes.map((t) => t.label));
  const unknown = new Map<string, number>();
  for (const r of reviews) for (const t of r.themes) if (!known.has(t.theme)) unknown.set(t.theme, (unknown.get(t.theme) ?? 0) + 1);
  if (unknown.size > 0) {
    throw new Error(`labelled themes not defined in ${themes.source}: ${[...unknown].map(([t, n]) => `"${t}" (${n} rows)`).join(', ')}; add them to the themes file or fix the labels`);
  }
}

/** The aspect classifier for a CLI; `warn` defaults to stderr (training filters the warnings about missing heads). */
export async function loadAspectClassifier(opts: ThemesCliOptions, themes: ThemesConfig = loadThemes(opts.themes), warn?: WarnFn): Promise<AspectThemeClassifier> {
  return (await createClassifier({
    engine: 'aspect', modelDir: opts.modelDir, modelId: opts.modelId, multilingualModelId: opts.multilingualModelId || undefined,
    quantized: opts.quantized, themes, batchSize: opts.batchSize, threads: opts.threads,
  }, warn)) as AspectThemeClassifier;
}

export const pct = (x: number | null): string => (x === null ? '   n/a' : (x * 100).toFixed(1).padStart(6));

/** Figures a floor can hold, all in [0, 1]. */
const FLOOR_KEYS = ['macroF1', 'microF1', 'hitAt1', 'polarityAccuracy'] as const;
type Floor = Partial<Record<(typeof FLOOR_KEYS)[number], number>>;

/** Read the floor recorded in a Markdown file as `<!-- eval-floor {json} -->`. */
export function readFloor(path: string): Floor {
  const m = /<!--\s*eval-floor\s+(\{[^}]*\})\s*-->/.exec(readFileSync(path, 'utf8'));
  if (!m) throw new Error(`${path} holds no <!-- eval-floor {...} --> comment`);
  return JSON.parse(m[1]) as Floor;
}

/** Throws naming every figure of `report` below the floor recorded in `path`; returns a one-line confirmation. */
export function checkFloor(report: EvaluationReport, path: string): string {
  const floor = readFloor(path);
  const keys = FLOOR_KEYS.filter((k) => floor[k] !== undefined);
  const failures = keys.filter((k) => (report[k] ?? 0) + 1e-9 < floor[k]!).map((k) => `${k} ${(report[k] ?? 0).toFixed(3)} < floor ${floor[k]}`);
  if (failures.length > 0) throw new Error(`below the floor recorded in ${path}: ${failures.join('; ')}`);
  return `floor of ${path} met: ${keys.map((k) => `${k} ${(report[k] ?? 0).toFixed(3)} >= ${floor[k]}`).join(', ')}`;
}
