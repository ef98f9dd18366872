/**
 * train-themes: fit the aspect engine's heads (one per model) to labelled reviews and write them beside a themes
 * file, versioned by that file's themes version.
 *
 *   node dist/tools/cli/train-themes.js [--labels F] [--data-dir D] [--split calibration] [--themes themes/default.json]
 *     [--out themes/my-themes.json] [--model-dir .cache/models-real] [--model-id …] [--multilingual-model-id …]
 *
 * --out copies the themes file to a new path and writes the heads in `<out name>.heads/`; without it the heads go
 * beside --themes. Prints, on the held-out part, the evaluation with the zero-shot scores (no heads) and with the
 * fitted heads: the gain of training.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import {
  aspectPredictions, classifyLabelled, evaluateOn, findDefaultThemesFile, headPathFor, loadThemes, roundHead, trainHeads,
  type EvaluationReport, type Split,
} from '@reviewlens/classification';
import { addThemesOptions, assertKnownThemes, checkFloor, loadAspectClassifier, loadLabelled, pct, type ThemesCliOptions } from './themes-options';

interface TrainOptions extends ThemesCliOptions { out?: string; iterations: number; C: number; blend?: number; evaluate: boolean; floor?: string }

const line = (name: string, r: EvaluationReport): string =>
  `${name.padEnd(26)} macro-F1 ${pct(r.macroF1)}  micro-F1 ${pct(r.microF1)}  hit@1 ${pct(r.hitAt1)}  polarity ${pct(r.polarityAccuracy)}`;

/** Warnings while training, minus the expected ones about heads (training is what makes them). */
const trainingWarn = (m: string): void => { if (!/no trained head|was fitted for themes/.test(m)) process.stderr.write(`warning: ${m}\n`); };

/** Fewer labelled reviews than this cannot give a head per theme and a cross-validated threshold. */
const MIN_TRAINING_ROWS = 20;

async function run(opts: TrainOptions): Promise<void> {
  const source = resolve(opts.themes ?? findDefaultThemesFile() ?? 'themes/default.json');
  const target = resolve(opts.out ?? source);
  const themes = { ...loadThemes(source), source: target };
  const { reviews, total, sha256 } = loadLabelled(opts);
  assertKnownThemes(reviews, themes);
  process.stderr.write(`train-themes: ${reviews.length} of ${total} labelled reviews (split ${opts.split}${opts.split === 'calibration' ? '; --split all uses every row' : ''}), themes ${themes.themesVersion}\n`);
  if (reviews.length < MIN_TRAINING_ROWS) {
    throw new Error(`${reviews.length} labelled reviews in split ${opts.split}: at least ${MIN_TRAINING_ROWS} are needed (and a few per theme)${opts.split === 'calibration' ? '; --split all uses every row' : ''}`);
  }
  // Heads are computed first; the themes copy and the head files are written only once every model is done.
  const classifier = await loadAspectClassifier(opts, { ...themes, source: '(training)' }, trainingWarn);
  const inputs = reviews.map((r) => ({ title: r.title, text: r.text, rating: r.rating, language: r.language }));
  const fitted: { path: string; json: string; note: string }[] = [];
  for (const modelId of classifier.modelIds) {
    const started = performance.now();
    const described = await classifier.describeFor(modelId, inputs);
    const head = roundHead(trainHeads(reviews.map((review, i) => ({ review, features: described[i].features })), themes.themes, {
      modelId, themesVersion: themes.themesVersion, labelsFile: opts.labels, labelsSha256: sha256, split: opts.split,
    }, { iterations: opts.iterations, C: opts.C, blend: opts.blend }));
    const cv = Object.entries(head.training.crossValidated ?? {}).map(([t, v]) => `${t} ${(v as { f1: number | null }).f1 ?? 'n/a (too few examples: zero-shot)'}`).join(', ');
    fitted.push({ path: headPathFor(target, modelId), json: `${JSON.stringify(head)}\n`, note: `${modelId} in ${((performance.now() - started) / 1000).toFixed(1)} s; cross-validated F1: ${cv}` });
  }
  if (target !== source) { mkdirSync(dirname(target), { recursive: true }); copyFileSync(source, target); }
  for (const f of fitted) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.json);
    process.stderr.write(`  heads written to ${f.path}: ${f.note}\n`);
  }
  await classifier.dispose();
  if (!opts.evaluate) return;
  const heldout = loadLabelled({ ...opts, split: (opts.split === 'calibration' ? 'heldout' : opts.split) as Split | 'all' }).reviews;
  const zeroShot = await loadAspectClassifier({ ...opts }, { ...themes, source: '(no heads)' }, trainingWarn);
  const before = evaluateOn(themes.themes, heldout, aspectPredictions(await classifyLabelled(zeroShot, heldout)));
  await zeroShot.dispose();
  const trained = await loadAspectClassifier(opts, loadThemes(target));
  const after = evaluateOn(themes.themes, heldout, aspectPredictions(await classifyLabelled(trained, heldout)));
  await trained.dispose();
  process.stdout.write(`gain on ${heldout.length} held-out reviews:\n${line('zero-shot (no heads)', before)}\n${line('trained heads', after)}\n`);
  if (after.macroF1 < before.macroF1) process.stderr.write('warning: the trained heads score BELOW zero-shot on the held-out part: label more reviews, or keep the previous heads\n');
  process.stdout.write(`${JSON.stringify({ heldout: heldout.length, before: { macroF1: before.macroF1, microF1: before.microF1 }, after: { macroF1: after.macroF1, microF1: after.microF1, polarityAccuracy: after.polarityAccuracy } })}\n`);
  if (opts.floor) process.stdout.write(`${checkFloor(after, opts.floor)}\n`);
}

export function buildProgram(): Command {
  return addThemesOptions(new Command('train-themes').description('Fit the theme, polarity and sentiment heads to labelled reviews'), 'calibration')
    .option('--out <file>', 'write a copy of the themes file here and its heads beside it (default: beside --themes)')
    .option('--iterations <n>', 'gradient steps per head', (v) => Number(v), 400)
    .option('--C <c>', 'inverse L2 regularisation (as scikit-learn)', (v) => Number(v), 1)
    .option('--blend <w>', 'keyword blend weight in [0, 1] for every theme (default: chosen per theme by cross-validation)', (v) => Number(v))
    .option('--no-evaluate', 'skip the before/after evaluation on the held-out part')
    .option('--floor <file>', 'fail when the trained heads score below the eval-floor recorded in this file')
    .action(async (opts: TrainOptions) => {
      if (opts.split === 'heldout') throw new Error('--split heldout is the reporting part: train on calibration (or all)');
      await run(opts);
    });
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: Error) => {
    process.stderr.write(`train-themes: ${err.message}\n`);
    process.exit(1);
  });
}
