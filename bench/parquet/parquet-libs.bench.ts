/**
 * Parquet library benchmark: parquetjs-lite vs @dsnp/parquetjs vs hyparquet(+writer), SNAPPY, same rows.
 *   cd /work/main && node /tmp/build-x/bench/parquet/parquet-libs.bench.js [--rows 100000] [--iterations 3]
 * Optional: PYARROW_PYTHON=<python with pyarrow> adds pyarrow as an independent reader to the interop check.
 * Every measurement runs in its own child process (node --expose-gc), so peak RSS belongs to one library and phase.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURATED_COLUMNS } from '@reviewlens/datalake';
import { makeBenchRows } from './bench-rows';
import { LIB_NAMES, loadAdapter, type FlatRow, type LibName } from './parquet-lib-adapters';
import { compareRows } from './row-compare';

const COLUMN_NAMES = CURATED_COLUMNS.map((c) => c.name);

interface PhaseResult { medianMs: number; allMs: number[]; medianCpuMs: number; peakRssDeltaMb: number; heapDeltaMb: number; bytes?: number }

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function flatRows(count: number): FlatRow[] {
  return makeBenchRows(count).map((r) => ({ ...r, themeScores: JSON.stringify(r.themeScores), themes: JSON.stringify(r.themes) }) as FlatRow);
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(iterations: number, op: () => Promise<unknown>): Promise<PhaseResult> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const allMs: number[] = [];
  const cpuMs: number[] = [];
  let heapDelta = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const result = await op();
    const cpu = process.cpuUsage(c0);
    allMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heapBefore);
    void result;
    gc();
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return { medianMs: Math.round(median(allMs)), allMs: allMs.map(Math.round), medianCpuMs: Math.round(median(cpuMs)), peakRssDeltaMb: mb(peakRss - rssBefore), heapDeltaMb: mb(heapDelta) };
}

async function childWrite(lib: LibName, rows: number, iterations: number, out: string): Promise<PhaseResult> {
  const data = flatRows(rows);
  const adapter = await loadAdapter(lib);
  let file = Buffer.alloc(0);
  const res = await measure(iterations, async () => { file = await adapter.write(data); return file; });
  writeFileSync(out, file);
  return { ...res, bytes: file.length };
}

async function childRead(lib: LibName, iterations: number, input: string): Promise<PhaseResult> {
  const file = readFileSync(input);
  const adapter = await loadAdapter(lib);
  return measure(iterations, () => adapter.read(file));
}

async function childInterop(rows: number, files: Record<string, string>): Promise<Record<string, Record<string, string>>> {
  const expected = flatRows(rows);
  const matrix: Record<string, Record<string, string>> = {};
  for (const readerLib of LIB_NAMES) {
    const adapter = await loadAdapter(readerLib);
    matrix[readerLib] = {};
    for (const [writerLib, path] of Object.entries(files)) {
      try {
        const got = await adapter.read(readFileSync(path));
        const cmp = compareRows(expected, got, COLUMN_NAMES);
        matrix[readerLib][writerLib] = cmp.mismatches === 0 ? 'exact' : `${cmp.mismatches} diffs (${cmp.first})`;
      } catch (err) {
        matrix[readerLib][writerLib] = `ERROR ${String(err instanceof Error ? err.message : err).slice(0, 80)}`;
      }
    }
  }
  const python = process.env.PYARROW_PYTHON;
  if (python) {
    matrix.pyarrow = {};
    for (const [writerLib, path] of Object.entries(files)) {
      try {
        const json = execFileSync(python, [join(process.cwd(), 'bench', 'parquet', 'pyarrow-read.py'), path], { encoding: 'utf8', maxBuffer: 1 << 29 });
        const cmp = compareRows(expected, JSON.parse(json) as Record<string, unknown>[], COLUMN_NAMES);
        matrix.pyarrow[writerLib] = cmp.mismatches === 0 ? 'exact' : `${cmp.mismatches} diffs (${cmp.first})`;
      } catch (err) {
        matrix.pyarrow[writerLib] = `ERROR ${String(err instanceof Error ? err.message : err).slice(0, 80)}`;
      }
    }
  }
  return matrix;
}

async function rowGroups(path: string): Promise<number> {
  const { parquetMetadata } = await import('hyparquet');
  const buf = readFileSync(path);
  return parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer).row_groups.length;
}

function runChild(args: string[]): unknown {
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function main(): Promise<void> {
  const child = arg('child', '');
  const rows = Number(arg('rows', '100000'));
  const iterations = Number(arg('iterations', '3'));
  if (child === 'write') return console.log(JSON.stringify(await childWrite(arg('lib', '') as LibName, rows, iterations, arg('out', ''))));
  if (child === 'read') return console.log(JSON.stringify(await childRead(arg('lib', '') as LibName, iterations, arg('in', ''))));
  if (child === 'interop') return console.log(JSON.stringify(await childInterop(rows, JSON.parse(arg('files', '{}')))));

  const dir = mkdtempSync(join(tmpdir(), 'parquet-bench-'));
  try {
    console.log(`Parquet libraries, ${rows} ClassifiedReview rows (texts from ../shared/data), SNAPPY, library default row groups, median of ${iterations}; node ${process.version}`);
    const files: Record<string, string> = {};
    const results: Record<string, { write: PhaseResult; read: PhaseResult; rowGroups: number }> = {};
    for (const lib of LIB_NAMES) {
      const path = join(dir, `${lib.replace(/[@/]/g, '_')}.parquet`);
      files[lib] = path;
      const write = runChild(['--child', 'write', '--lib', lib, '--rows', String(rows), '--iterations', String(iterations), '--out', path]) as PhaseResult;
      const read = runChild(['--child', 'read', '--lib', lib, '--iterations', String(iterations), '--in', path]) as PhaseResult;
      results[lib] = { write, read, rowGroups: await rowGroups(path) };
      console.error(`  measured ${lib}: write ${write.allMs.join('/')} ms, read ${read.allMs.join('/')} ms`);
    }
    const base = results[LIB_NAMES[0]];
    const ratio = (v: number, b: number): string => `${(v / b).toFixed(2)}x`;
    const table = LIB_NAMES.map((lib) => {
      const r = results[lib];
      return {
        library: lib,
        'write wall ms': r.write.medianMs,
        'write x': ratio(r.write.medianMs, base.write.medianMs),
        'write cpu ms': r.write.medianCpuMs,
        'write cpu x': ratio(r.write.medianCpuMs, base.write.medianCpuMs),
        'read wall ms': r.read.medianMs,
        'read x': ratio(r.read.medianMs, base.read.medianMs),
        'read cpu ms': r.read.medianCpuMs,
        'read cpu x': ratio(r.read.medianCpuMs, base.read.medianCpuMs),
        'size MB': mb(r.write.bytes ?? 0),
        'size x': ratio(r.write.bytes ?? 0, base.write.bytes ?? 1),
        'row groups': r.rowGroups,
        'write peak RSS d MB': r.write.peakRssDeltaMb,
        'write heap d MB': r.write.heapDeltaMb,
        'read peak RSS d MB': r.read.peakRssDeltaMb,
        'read heap d MB': r.read.heapDeltaMb,
      };
    });
    console.table(table);
    console.log(`wall = elapsed ms, cpu = user+system CPU ms of the operation (robust when the machine is shared); medians of ${iterations}; load average at end ${loadavg().map((l: number) => l.toFixed(1)).join(' ')}`);
    console.log(`ratios against baseline ${LIB_NAMES[0]} (= 1.00x) measured in this run`);
    const interop = runChild(['--child', 'interop', '--rows', String(rows), '--files', JSON.stringify(files)]) as Record<string, Record<string, string>>;
    console.log('interop (rows = reader, columns = writer; "exact" = every value of every row equal):');
    console.table(interop);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
