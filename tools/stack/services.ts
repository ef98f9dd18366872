import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SERVICES = ['extractor', 'archiver', 'cleaner', 'classifier', 'loader', 'api'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Repo root, from the compiled location dist/tools/stack/. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export function serviceEntry(name: ServiceName): string {
  return join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
}

export interface ServiceProcess { name: string; port: number; child: ChildProcess; logFile: string }

/** Starts one service as a separate Node process, output appended to its log file. */
export function startServiceProcess(name: ServiceName, port: number, env: Record<string, string>, logDir: string, instance = ''): ServiceProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}${instance ? `-${instance}` : ''}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [serviceEntry(name)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { name, port, child, logFile };
}

export async function waitForHealth(port: number, timeoutMs: number, child?: ChildProcess, path = '/health'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before becoming healthy`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`service on port ${port} not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ProcessExit { code: number | null; signal: NodeJS.Signals | null }

/** Sends a signal and waits for the process to exit (SIGKILL after the grace period); returns how it exited. */
export async function stopServiceProcess(p: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<ProcessExit> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { code: p.child.exitCode, signal: p.child.signalCode };
  const exited = new Promise<ProcessExit>((r) => p.child.once('exit', (code, sig) => r({ code, signal: sig })));
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const exit = await exited;
  clearTimeout(timer);
  return exit;
}
