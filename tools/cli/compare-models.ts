/**
 * compare-models: classify the same reviews with two configurations (A = current, B = candidate: model, quantization
 * or themes/heads) and report where they disagree and how the metrics move, so a model switch or a rollback is
 * decided on evidence.
 *
 *   node dist/tools/cli/compare-models.js --b-model-id Xenova/multilingual-e5-small [--b-quantized] [--b-themes F]
 *     [--a-model-id …] [--a-quantized] [--a-themes F] [--labels F --split heldout | --input reviews.jsonl] [--limit N]
 *
 * With labels (default: the held-out part of the dev set) it prints both evaluations and the change; with --input
 * (JSONL of {id, title?, text, rating?}) it reports disagreements only.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  aspectPredictions, classifyLabelled, evaluateOn, loadThemes, type LabelledReview, type ThemeResult,
} from '@reviewlens/classification';
import { addThemesOptions, loadAspectClassifier, loadLabelled, pct, type ThemesCliOptions } from './themes-options';

interface CompareOptions extends ThemesCliOptions {
  aModelId?: string; bModelId?: string; aThemes?: string; bThemes?: string; aQuantized: boolean; bQuantized: boolean;
  input?: string; limit?: number; examples: number;
}

/** How two classifications of the same reviews differ. */
export function disagreements(a: readonly ThemeResult[], b: readonly ThemeResult[], ids: readonly string[]) {
  const set = (r: ThemeResult): string[] => (r.themes ?? []).map((t) => t.theme).sort();
  const flips = new Map<string, { onlyA: number; onlyB: number }>();
  let differentSets = 0, differentTop = 0, differentPolarity = 0, shared = 0;
  const examples: { id: string; a: string; b: string }[] = [];
  a.forEach((ra, i) => {
    const rb = b[i];
    const sa = set(ra), sb = set(rb);
    if (sa.join() !== sb.join()) {
      differentSets++;
      examples.push({ id: ids[i], a: (ra.themes ?? []).map((t) => `${t.theme}:${t.polarity}`).join(' ') || '-', b: (rb.themes ?? []).map((t) => `${t.theme}:${t.polarity}`).join(' ') || '-' });
    }
    if ((ra.themes?.[0]?.theme ?? null) !== (rb.themes?.[0]?.theme ?? null)) differentTop++;
    for (const t of new Set([...sa, ...sb])) {
      const f = flips.get(t) ?? { onlyA: 0, onlyB: 0 };
      if (sa.includes(t) && !sb.includes(t)) f.onlyA++;
      if (sb.includes(t) && !sa.includes(t)) f.onlyB++;
      flips.set(t, f);
      const pa = ra.themes?.find((x) => x.theme === t)?.polarity, pb = rb.themes?.find((x) => x.theme === t)?.polarity;
      if (pa && pb) { shared++; if (pa !== pb) differentPolarity++; }
    }
  });
  return { reviews: a.length, differentSets, differentTop, polarityChanged: differentPolarity, polarityShared: shared, flips, examples };
}

function readInput(path: string): LabelledReview[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    const r = JSON.parse(l) as { id?: unknown; title?: string | null; text?: unknown; rating?: number | null };
    if (typeof r.text !== 'string') throw new Error(`${path}:${i + 1}: no "text"`);
    return { key: String(r.id ?? i + 1), src: 'input', sample: 'input', title: r.title ?? null, text: r.text, rating: r.rating ?? null, language: null, themes: [], sentiment: null };
  });
}

async function run(opts: CompareOptions): Promise<void> {
  const labelled = opts.input === undefined;
  let reviews = labelled ? loadLabelled(opts).reviews : readInput(opts.input!);
  if (opts.limit !== undefined) reviews = reviews.slice(0, opts.limit);
  const side = async (which: 'A' | 'B', modelId: string, themesFile: string | undefined, quantized: boolean) => {
    const themes = loadThemes(themesFile);
    const classifier = await loadAspectClassifier({ ...opts, modelId, quantized }, themes);
    const started = performance.now();
    const results = await classifyLabelled(classifier, reviews);
    const seconds = (performance.now() - started) / 1000;
    await classifier.dispose();
    return { which, name: `${modelId}${quantized ? ' (int8)' : ''}, themes ${themes.themesVersion}`, themes, results, seconds };
  };
  const a = await side('A', opts.aModelId ?? opts.modelId, opts.aThemes ?? opts.themes, opts.aQuantized);
  const b = await side('B', opts.bModelId ?? opts.modelId, opts.bThemes ?? opts.themes, opts.bQuantized);
  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  out(`compare-models on ${reviews.length} reviews`);
  for (const s of [a, b]) out(`  ${s.which}: ${s.name} — ${(reviews.length / s.seconds).toFixed(1)} reviews/s`);
  const d = disagreements(a.results, b.results, reviews.map((r) => r.key));
  out(`\ntheme sets differ on ${d.differentSets} reviews (${pct(d.differentSets / Math.max(1, d.reviews)).trim()} %), top theme on ${d.differentTop}; polarity differs on ${d.polarityChanged} of ${d.polarityShared} themes both detected`);
  out(`per theme (detected only by A / only by B): ${[...d.flips.entries()].map(([t, f]) => `${t} ${f.onlyA}/${f.onlyB}`).join(', ')}`);
  for (const e of d.examples.slice(0, opts.examples)) out(`  ${e.id}: A ${e.a} | B ${e.b}`);
  if (!labelled) return;
  const ea = evaluateOn(a.themes.themes, reviews, aspectPredictions(a.results));
  const eb = evaluateOn(b.themes.themes, reviews, aspectPredictions(b.results));
  out(`\n${'metric'.padEnd(18)} ${'A'.padStart(6)} ${'B'.padStart(6)} ${'B − A'.padStart(7)}`);
  for (const k of ['macroF1', 'microF1', 'hitAt1', 'polarityAccuracy', 'sentimentAccuracy'] as const) {
    const va = ea[k], vb = eb[k];
    out(`${k.padEnd(18)} ${pct(va)} ${pct(vb)} ${va === null || vb === null ? '    n/a' : `${vb >= va ? '+' : ''}${((vb - va) * 100).toFixed(1)}`.padStart(7)}`);
  }
}

export function buildProgram(): Command {
  return addThemesOptions(new Command('compare-models').description('Classify the same reviews with two models (or themes) and report the differences'))
    .option('--a-model-id <id>', 'current model (default --model-id)')
    .option('--b-model-id <id>', 'candidate model (default --model-id)')
    .option('--a-themes <file>', 'current themes file (default --themes)')
    .option('--b-themes <file>', 'candidate themes file (default --themes)')
    .option('--a-quantized', 'A uses the int8 ONNX file', false)
    .option('--b-quantized', 'B uses the int8 ONNX file', false)
    .option('--input <file>', 'unlabelled reviews, JSONL {id, title?, text, rating?}, instead of --labels')
    .option('--limit <n>', 'first n reviews only', (v) => Number(v))
    .option('--examples <n>', 'disagreements to list', (v) => Number(v), 10)
    .action(async (opts: CompareOptions) => run(opts));
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: Error) => {
    process.stderr.write(`compare-models: ${err.message}\n`);
    process.exit(1);
  });
}
