import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The api as a separate process (dist main.js), its stdout/stderr kept for diagnostics. */
export class ApiProcess {
  readonly url: string;
  private child: ChildProcess | null = null;
  private output = '';

  constructor(private readonly env: Record<string, string>, readonly port: number, private readonly nodeArgs: string[] = []) {
    this.url = `http://127.0.0.1:${port}`;
  }

  start(): void {
    const main = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
    this.child = spawn(process.execPath, [...this.nodeArgs, main], { env: { ...this.env, PORT: String(this.port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => { this.output = (this.output + b.toString()).slice(-20_000); };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  /** Polls GET /ready until 200; ms from the call. */
  async waitReady(timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child?.exitCode !== null) throw new Error(`api exited (${this.child?.exitCode}):\n${this.output}`);
      const ok = await fetch(`${this.url}/ready`).then((r) => r.status === 200, () => false);
      if (ok) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`api not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  async metrics(): Promise<string> { return (await fetch(`${this.url}/metrics`)).text(); }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { child.kill('SIGKILL'); }, 10_000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      child.kill('SIGTERM');
    });
  }
}
