/**
 * eval:themes: how well the themes classifier agrees with labelled reviews, next to the keyword baseline and the
 * single-label (top-1) use of the same classifier, all measured in the same run.
 *
 *   node dist/tools/cli/eval-themes.js [--labels F] [--data-dir D] [--split heldout|calibration|all]
 *     [--themes themes/default.json] [--model-dir .cache/models-real] [--reference seed_classified….parquet]
 *     [--json report.json] [--floor docs/models.md]
 *
 * Prints per-theme precision/recall/F1, micro and macro F1, hit@1, polarity and sentiment accuracy, a confusion
 * summary, English and French separately, and agreement of the derived legacy label with the original system's
 * bart-large-mnli outputs. With --floor, exits 1 when a figure drops below the floor recorded in that file
 * (an HTML comment `<!-- eval-floor {"macroF1":…} -->`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { loadHyparquet } from '@reviewlens/datalake';
import {
  aspectPredictions, classifyLabelled, cohenKappa, evaluateOn, keywordPredictions, loadThemes, topOnlyPredictions, weightsKindOf,
  type AspectThemeClassifier, type EvaluationReport, type LabelledReview, type ThemesConfig,
} from '@reviewlens/classification';
import { addThemesOptions, assertKnownThemes, checkFloor, loadAspectClassifier, loadLabelled, pct, type ThemesCliOptions } from './themes-options';

interface EvalOptions extends ThemesCliOptions { reference?: string; json?: string; floor?: string }

const row = (name: string, r: EvaluationReport): string =>
  `${name.padEnd(34)} ${pct(r.macroF1)} ${pct(r.microF1)} ${pct(r.hitAt1)} ${pct(r.polarityAccuracy)} ${pct(r.sentimentAccuracy)}`;
const HEADER = `${'method'.padEnd(34)} ${'macro'.padStart(6)} ${'micro'.padStart(6)} ${'hit@1'.padStart(6)} ${'polar.'.padStart(6)} ${'sent.'.padStart(6)}`;

async function methods(classifier: AspectThemeClassifier, themes: ThemesConfig, reviews: LabelledReview[]) {
  const results = await classifyLabelled(classifier, reviews);
  return {
    results,
    aspect: evaluateOn(themes.themes, reviews, aspectPredictions(results)),
    top1: evaluateOn(themes.themes, reviews, topOnlyPredictions(results)),
    keywords: evaluateOn(themes.themes, reviews, keywordPredictions(themes.themes, reviews)),
  };
}

/** Classify the original system's 100 classified reviews and compare its category with our derived legacy label. */
async function referenceAgreement(classifier: AspectThemeClassifier, path: string) {
  const buf = readFileSync(path);
  const { parquetReadObjects } = await loadHyparquet();
  const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer }) as
    { title: string | null; review_text: string; rating: number | bigint | null; category: string }[];
  const results = await classifier.classify(rows.map((r) => ({ title: r.title, text: r.review_text, rating: r.rating === null ? null : Number(r.rating) })));
  const ours = results.map((r) => r.legacyLabel ?? '(none)');
  const theirs = rows.map((r) => r.category);
  const agree = ours.filter((x, i) => x === theirs[i]).length;
  const pairs = new Map<string, number>();
  ours.forEach((x, i) => pairs.set(`${theirs[i]} → ${x}`, (pairs.get(`${theirs[i]} → ${x}`) ?? 0) + 1));
  return {
    reviews: rows.length, agreement: agree / rows.length, kappa: cohenKappa(theirs, ours),
    pairs: [...pairs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => ({ pair: k, count: n })),
  };
}

async function run(opts: EvalOptions): Promise<void> {
  const themes = loadThemes(opts.themes);
  const { reviews } = loadLabelled(opts);
  assertKnownThemes(reviews, themes);
  const classifier = await loadAspectClassifier(opts, themes);
  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  out(`eval:themes — ${reviews.length} labelled reviews (${opts.split} part of ${opts.labels}); themes ${themes.themesVersion}`);
  for (const { modelId, head } of classifier.heads) {
    out(`  model ${modelId}: weights ${weightsKindOf(`${opts.modelDir}/${modelId}`)}, heads ${head ? `fitted on ${head.training.rows} rows (${head.training.split})` : 'NONE (zero-shot)'}`);
  }
  const all = await methods(classifier, themes, reviews);
  const english = reviews.filter((r) => r.src !== 'fr');
  const french = reviews.filter((r) => r.src === 'fr');
  const byLang = [
    { name: 'English', subset: english, ...(english.length ? await methods(classifier, themes, english) : {}) },
    { name: 'French', subset: french, ...(french.length ? await methods(classifier, themes, french) : {}) },
  ];
  out(`\n${HEADER}`);
  out(row('aspect, multi-label (ReviewLens)', all.aspect));
  out(row('aspect, top-1 only (single-label)', all.top1));
  out(row('keyword rules (baseline)', all.keywords));
  for (const l of byLang) {
    if (!l.aspect) continue;
    out(row(`  ${l.name} (${l.subset.length}): aspect`, l.aspect));
    out(row(`  ${l.name} (${l.subset.length}): keywords`, l.keywords!));
  }
  out(`\n${'theme'.padEnd(12)} ${'support'.padStart(7)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} | keywords F1`);
  all.aspect.perTheme.forEach((m, i) => out(`${m.theme.padEnd(12)} ${String(m.support).padStart(7)} ${pct(m.precision)} ${pct(m.recall)} ${pct(m.f1)} | ${pct(all.keywords.perTheme[i].f1)}`));
  out(`\nconfusion (gold theme missed → other theme predicted in the same review): ${all.aspect.confusions.map((c) => `${c.gold}→${c.predicted} ${c.count}`).join(', ') || 'none'}`);
  let reference: Awaited<ReturnType<typeof referenceAgreement>> | undefined;
  if (opts.reference && existsSync(opts.reference)) {
    reference = await referenceAgreement(classifier, opts.reference);
    out(`\noriginal system (bart-large-mnli, its own ${reference.reviews} reference reviews, independent of --labels) vs our legacy label: agreement ${pct(reference.agreement)} %, Cohen's kappa ${reference.kappa.toFixed(3)}`);
    out(`  most frequent (theirs → ours): ${reference.pairs.map((p) => `${p.pair} ${p.count}`).join('; ')}`);
  }
  await classifier.dispose();
  const report = {
    split: opts.split, reviews: reviews.length, themesVersion: themes.themesVersion,
    aspect: all.aspect, top1: all.top1, keywords: all.keywords,
    english: byLang[0].aspect ?? null, french: byLang[1].aspect ?? null, frenchKeywords: byLang[1].keywords ?? null, reference: reference ?? null,
  };
  if (opts.json) {
    mkdirSync(dirname(resolve(opts.json)), { recursive: true });
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (opts.floor) out(checkFloor(all.aspect, opts.floor));
}

export function buildProgram(): Command {
  return addThemesOptions(new Command('eval-themes').description('Evaluate the themes classifier on labelled reviews'))
    .option('--reference <parquet>', "the original system's classified reviews", '../shared/data/reference/seed_classified_reviews_bart_large_mnli.parquet')
    .option('--json <file>', 'also write the full report as JSON')
    .option('--floor <file>', 'fail when a figure is below the eval-floor recorded in this file (e.g. docs/models.md)')
    .action(async (opts: EvalOptions) => run(opts));
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: Error) => {
    process.stderr.write(`eval-themes: ${err.message}\n`);
    process.exit(1);
  });
}
