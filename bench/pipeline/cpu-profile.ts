/**
 * "Where the time goes", measured: a V8 CPU profile (node:inspector) around a timed section, aggregated by self time
 * per function and per package. Used by stages.bench.ts --profile.
 *
 * Self time of a sample = the time delta V8 recorded for it, charged to the function on top of the stack. The
 * pseudo-functions are kept as V8 names them: `(idle)` is the event loop waiting for I/O (the services), `(garbage
 * collector)` is GC, `(program)` is V8/native work not attributed to a JS function (compilation, builtins glue).
 */
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

export interface ProfileSummary {
  totalMs: number;
  byFunction: { name: string; where: string; pkg: string; ms: number }[];
  byPackage: { pkg: string; ms: number }[];
}

/** The package (node_modules name, workspace lib/app, node internals or V8) a script URL belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const ws = /\/(libs|apps|bench|test)\/([^/]+)\//.exec(path);
  if (ws) return ws[1] === 'libs' ? `@reviewlens/${ws[2]}` : `${ws[1]}/${ws[2]}`;
  return relative(process.cwd(), path) || path;
}

function locationOf(frame: CallFrame): string {
  if (frame.url === '') return '';
  const path = frame.url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  const shown = nm >= 0 ? path.slice(nm + '/node_modules/'.length) : relative(process.cwd(), path);
  return `${shown}:${frame.lineNumber + 1}`;
}

export function summarise(profile: Profile): ProfileSummary {
  const byNode = new Map<number, CallFrame>(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fn = new Map<string, { name: string; where: string; pkg: string; ms: number }>();
  const pkg = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let totalMs = 0;
  // timeDeltas[i] is the time since the previous sample: sample i-1 ran for deltas[i] (the last one is not timed).
  for (let i = 0; i + 1 < samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const frame = byNode.get(samples[i]!)!;
    const p = packageOf(frame.url, frame.functionName);
    const name = frame.functionName || '(anonymous)';
    const where = locationOf(frame);
    const key = `${name} ${where}`;
    const entry = fn.get(key) ?? { name, where, pkg: p, ms: 0 };
    entry.ms += ms;
    fn.set(key, entry);
    pkg.set(p, (pkg.get(p) ?? 0) + ms);
    totalMs += ms;
  }
  return {
    totalMs,
    byFunction: [...fn.values()].sort((a, b) => b.ms - a.ms),
    byPackage: [...pkg.entries()].map(([p, ms]) => ({ pkg: p, ms })).sort((a, b) => b.ms - a.ms),
  };
}

/** Profiles `body` (sampling every `intervalUs` microseconds) and returns its result and the summary. */
export async function profiled<T>(body: () => Promise<T>, intervalUs = 200): Promise<{ result: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    let result: T;
    let failed: unknown;
    try {
      result = await body();
    } catch (err) {
      failed = err ?? new Error('profiled body failed');
    }
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    if (failed !== undefined) throw failed;
    return { result: result!, summary: summarise(profile) };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}

/** Printable lines: packages, then the top functions by self time, as % of the profiled wall time. */
export function formatSummary(label: string, summary: ProfileSummary, top = 15): string[] {
  const pct = (ms: number): string => `${((100 * ms) / Math.max(summary.totalMs, 1e-9)).toFixed(1).padStart(5)}%`;
  const lines = [`  ${label}: ${summary.totalMs.toFixed(0)} ms profiled (self time; "(idle)" = waiting for the services)`];
  lines.push(`    by package: ${summary.byPackage.slice(0, 10).map((p) => `${p.pkg} ${pct(p.ms).trim()}`).join(', ')}`);
  for (const f of summary.byFunction.slice(0, top)) {
    lines.push(`    ${pct(f.ms)} ${f.ms.toFixed(0).padStart(6)} ms  ${f.name.slice(0, 40).padEnd(40)} ${f.pkg.padEnd(24)} ${f.where}`);
  }
  return lines;
}
