import { SERVICES, startServiceProcess, stopServiceProcess, waitForHealth, type ProcessExit, type ServiceName, type ServiceProcess } from './services';

export interface StackOptions {
  env: Record<string, string>;
  /** First port; services get consecutive ports in SERVICES order. */
  basePort: number;
  logDir: string;
  classifierReplicas?: number;
  healthTimeoutMs?: number;
}

/** The six ReviewLens services as separate processes (what the e2e and fault tests drive). */
export class Stack {
  readonly processes = new Map<string, ServiceProcess>();

  constructor(private readonly opts: StackOptions) {}

  /** Folder of the services' log files (`<service>[-<instance>].log`). */
  get logDir(): string { return this.opts.logDir; }

  portOf(name: ServiceName, instance = 0): number {
    const i = SERVICES.indexOf(name);
    return this.opts.basePort + i + (instance > 0 ? 10 + instance : 0);
  }

  get apiUrl(): string { return `http://127.0.0.1:${this.portOf('api')}`; }

  async start(names: readonly ServiceName[] = SERVICES): Promise<void> {
    await Promise.all(names.flatMap((name) => {
      const replicas = name === 'classifier' ? this.opts.classifierReplicas ?? 1 : 1;
      return Array.from({ length: replicas }, (_, i) => this.startOne(name, i));
    }));
  }

  async startOne(name: ServiceName, instance = 0): Promise<ServiceProcess> {
    const key = instance ? `${name}-${instance}` : name;
    const port = this.portOf(name, instance);
    const p = startServiceProcess(name, port, { ...this.opts.env, INSTANCE: key }, this.opts.logDir, instance ? String(instance) : '');
    this.processes.set(key, p);
    await waitForHealth(port, this.opts.healthTimeoutMs ?? 60_000, p.child).catch((err: Error) => {
      throw new Error(`${key} did not start: ${err.message} (log: ${p.logFile})`);
    });
    return p;
  }

  /** Stops one process and forgets it; returns how it exited (undefined if it was not running here). */
  async stopOne(key: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<ProcessExit | undefined> {
    const p = this.processes.get(key);
    if (!p) return undefined;
    const exit = await stopServiceProcess(p, signal);
    this.processes.delete(key);
    return exit;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((k) => this.stopOne(k)));
  }
}
