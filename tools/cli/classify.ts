/**
 * classify: zero-shot theme classification of review rows from a file.
 *
 *   node dist/tools/cli/classify.js --input reviews.jsonl --output out.jsonl [--engine aspect|embedding|nli]
 *     [--model-dir .cache/models-real] [--model-id Xenova/all-MiniLM-L6-v2] [--themes themes/default.json]
 *
 * Input: JSONL (one {"id","text"[,"title","rating"]} object per line) or CSV with a header (`--id-field`,
 * `--text-field`, `--title-field`, `--rating-field` pick the columns, e.g. `--id-field id --text-field reviews.text
 * --title-field reviews.title --rating-field reviews.rating` for the Datafiniti export). Output: JSONL
 * {id, theme, confidence, scores, themes, sentiment, legacyLabel, language, modelId, themesVersion}. Real weights by
 * default (`npm run models:build-real`); `--max-tokens` above the model's own limit is refused before any work.
 * Progress goes to stderr, then a reviews/s line.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { parse as parseCsv } from 'csv-parse/sync';
import { dirname, join, resolve } from 'node:path';
import { createClassifier, findDefaultThemesFile, loadThemes, resolveMaxTokens, type ClassifierEngine } from '@reviewlens/classification';
import { DEFAULT_MULTILINGUAL_MODEL_ID, REAL_MODEL_DIR } from './themes-options';

/** The original seven labels, for the single-label engines. */
function findLegacyThemesFile(): string | undefined {
  const d = findDefaultThemesFile();
  return d === undefined ? undefined : join(dirname(d), 'legacy-seven.json');
}

const DEFAULT_MODEL_ID: Record<ClassifierEngine, string> = {
  embedding: 'Xenova/all-MiniLM-L6-v2',
  aspect: 'Xenova/all-MiniLM-L6-v2',
  nli: 'Xenova/distilbert-base-uncased-mnli',
};

interface ReviewRow { id: string; text: string; title: string | null; rating: number | null }
interface CliOptions {
  input: string; output: string; engine: ClassifierEngine; modelDir: string; modelId?: string; themes?: string;
  quantized: boolean; batchSize: number; maxTokens?: number; threads: number; idField: string; textField: string;
  titleField: string; ratingField: string; multilingualModelId: string; limit?: number;
}

function toRow(record: Record<string, unknown>, opts: CliOptions, where: string): ReviewRow {
  const id = record[opts.idField];
  const text = record[opts.textField];
  if (id === undefined || id === null || id === '') throw new Error(`${where}: no "${opts.idField}"`);
  if (typeof text !== 'string') throw new Error(`${where}: "${opts.textField}" is not a string`);
  const title = record[opts.titleField];
  const rating = Number(record[opts.ratingField]);
  return {
    id: String(id), text, title: typeof title === 'string' && title.trim() !== '' ? title : null,
    rating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null,
  };
}

async function readJsonl(path: string, opts: CliOptions): Promise<ReviewRow[]> {
  const rows: ReviewRow[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    n++;
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    let record: unknown;
    try { record = JSON.parse(text); } catch (err) { throw new Error(`${path}:${n}: not a JSON object (${(err as Error).message})`); }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${path}:${n}: not a JSON object`);
    rows.push(toRow(record as Record<string, unknown>, opts, `${path}:${n}`));
  }
  return rows;
}

function readCsv(path: string, opts: CliOptions): ReviewRow[] {
  const records = parseCsv(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, unknown>[];
  return records.map((r, i) => toRow(r, opts, `${path}:row ${i + 1}`));
}

async function readRows(opts: CliOptions): Promise<ReviewRow[]> {
  const rows = /\.csv$/i.test(opts.input) ? readCsv(opts.input, opts) : await readJsonl(opts.input, opts);
  return opts.limit !== undefined ? rows.slice(0, opts.limit) : rows;
}

async function run(opts: CliOptions): Promise<void> {
  const themes = loadThemes(opts.themes ?? (opts.engine === 'aspect' ? undefined : findLegacyThemesFile()));
  const modelId = opts.modelId ?? DEFAULT_MODEL_ID[opts.engine];
  // Refused here, before reading the input or loading weights, when above the model's own limit.
  resolveMaxTokens(opts.modelDir, modelId, opts.maxTokens, 128);
  assertWritableOutput(opts.output);
  const rows = await readRows(opts);
  if (rows.length === 0) throw new Error(`${opts.input}: no reviews to classify`);
  const blank = rows.filter((r) => !/[\p{L}\p{N}]/u.test(`${r.title ?? ''}${r.text}`)).length;
  if (blank > 0) process.stderr.write(`warning: ${blank} review(s) have no visible letter or digit: classified with no theme\n`);
  const loadStart = performance.now();
  const classifier = await createClassifier({
    engine: opts.engine, modelDir: opts.modelDir, modelId, quantized: opts.quantized, themes,
    maxTokens: opts.maxTokens, batchSize: opts.batchSize, threads: opts.threads,
    multilingualModelId: opts.multilingualModelId || undefined,
  });
  process.stderr.write(`loaded ${modelId} (${opts.engine}) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s; themes ${classifier.themesVersion}\n`);

  const out = createWriteStream(opts.output, 'utf8');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'classify [{bar}] {value}/{total} reviews | {rate} reviews/s | eta {eta}s' },
    cliProgress.Presets.shades_classic,
  );
  bar.start(rows.length, 0, { rate: '0.0' });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += opts.batchSize) {
    const batch = rows.slice(i, i + opts.batchSize);
    const results = await classifier.classify(batch.map((r) => ({ text: r.text, title: r.title, rating: r.rating })));
    const lines = results.map((r, k) => JSON.stringify({
      id: batch[k].id, theme: r.theme, confidence: r.confidence, scores: r.scores,
      themes: r.themes, sentiment: r.sentiment, legacyLabel: r.legacyLabel, language: r.language,
      modelId: r.modelId ?? classifier.modelId, themesVersion: classifier.themesVersion,
    }));
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    const done = i + batch.length;
    bar.update(done, { rate: (done / ((performance.now() - start) / 1000)).toFixed(1) });
  }
  bar.stop();
  out.end();
  await once(out, 'finish');
  await classifier.dispose();
  const seconds = (performance.now() - start) / 1000;
  process.stderr.write(`${rows.length} reviews in ${seconds.toFixed(1)} s: ${(rows.length / Math.max(seconds, 1e-9)).toFixed(1)} reviews/s -> ${opts.output}\n`);
}

/** Refuse an output path whose folder is missing or that is a folder, before any model is loaded. */
function assertWritableOutput(path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--output ${path}: folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`--output ${path} is a folder; give a file path`);
}

const int = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
  return n;
};

export function buildProgram(): Command {
  return new Command('classify')
    .description('Zero-shot theme classification of {id, text} rows (JSONL or CSV) into JSONL')
    .requiredOption('--input <file>', 'reviews.jsonl or reviews.csv (CSV needs a header)')
    .requiredOption('--output <file>', 'output JSONL')
    .addOption(new Option('--engine <engine>', 'classifier engine: aspect (multi-label themes with polarity), embedding or nli (single label, the original design)').choices(['aspect', 'embedding', 'nli']).default(process.env.CLASSIFIER_ENGINE ?? 'aspect'))
    .option('--model-dir <dir>', 'root holding <model-id>/ folders (real weights: npm run models:build-real)', process.env.MODEL_DIR ?? REAL_MODEL_DIR)
    .option('--model-id <id>', 'model folder under --model-dir (default per engine)')
    .option('--multilingual-model-id <id>', 'aspect engine: model for reviews not in English ("" = none)', process.env.MULTILINGUAL_MODEL_ID ?? DEFAULT_MULTILINGUAL_MODEL_ID)
    .option('--themes <file>', 'themes JSON file (default themes/default.json; nli/embedding: themes/legacy-seven.json)')
    .option('--quantized', 'use onnx/model_quantized.onnx', false)
    .option('--batch-size <n>', 'reviews per forward pass', int('batch-size', 1), 32)
    .option('--max-tokens <n>', "max tokens per review (default: aspect 256, others 128, never above the model's limit)", int('max-tokens', 16))
    .option('--threads <n>', 'ONNX Runtime intra-op threads (0 = CPU quota)', int('threads', 0), 0)
    .option('--id-field <name>', 'id field/column', 'id')
    .option('--text-field <name>', 'text field/column', 'text')
    .option('--title-field <name>', 'title field/column (optional)', 'title')
    .option('--rating-field <name>', 'star rating field/column (optional)', 'rating')
    .option('--limit <n>', 'classify only the first n rows', int('limit', 0))
    .action(async (opts: CliOptions) => run(opts));
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: Error) => {
    process.stderr.write(`classify: ${err.message}\n`);
    process.exit(1);
  });
}
