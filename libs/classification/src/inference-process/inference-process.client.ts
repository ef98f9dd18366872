import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ClassifierEngine, CreateClassifierOptions, ThemeClassifier, ThemeResult, ClassifyInput } from '../classifier.types';
import { InferenceLoadError, InferenceProcessClosedError, InferenceProcessCrashedError, InferenceTimeoutError } from './errors';
import type { ChildMessage, LoadedModelInfo, ParentMessage } from './protocol';
import { RestartBudget } from './restart-budget';

export interface InferenceProcessHooks {
  /** The child loaded the model (`restart` = after a crash or timeout). */
  onReady?(info: LoadedModelInfo, restart: boolean): void;
  /** One classify request answered: texts, round trip (IPC included) and inference time in the child, ms. */
  onBatch?(texts: number, roundTripMs: number, inferenceMs: number): void;
  /** The child ended unexpectedly; `restarting` = a new one is being started. */
  onCrash?(detail: { pid: number | undefined; code: number | null; signal: NodeJS.Signals | null; restarting: boolean }): void;
  /** Restart budget exhausted, or a restart failed to load the model: the client is unusable, the service should exit. */
  onFatal?(err: Error): void;
}

export interface InferenceProcessOptions {
  /** What the child passes to createClassifier. Give `threads` explicitly (ORT_THREADS or cpuQuotaThreads()). */
  classifier: CreateClassifierOptions;
  /** One classify request (one job's batch) may take this long before the child is killed and restarted. Default 300 s. */
  requestTimeoutMs?: number;
  /** Model load in the child may take this long. Default 180 s. */
  loadTimeoutMs?: number;
  /** Restarts allowed after crashes/timeouts within `restartWindowMs` before the client gives up. Default 3 per 10 min. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Compiled entry of the child; default child-main.js next to this file. */
  entry?: string;
  /** Node flags of the child (the parent's are NOT inherited: a test runner's or inspector's flags must not leak). */
  execArgv?: string[];
  hooks?: InferenceProcessHooks;
}

interface Request {
  texts: readonly ClassifyInput[];
  resolve: (results: ThemeResult[]) => void;
  reject: (err: Error) => void;
  id?: number;
  sentAt?: number;
  timer?: NodeJS.Timeout;
}

type State = 'starting' | 'ready' | 'restarting' | 'closing' | 'closed' | 'failed';

export const INFERENCE_PROCESS_DEFAULTS = {
  requestTimeoutMs: 300_000, loadTimeoutMs: 180_000, maxRestarts: 3, restartWindowMs: 600_000,
} as const;

/**
 * A ThemeClassifier whose model runs in a dedicated child process (child_process.fork), so inference never blocks
 * the service's event loop (BullMQ lock renewal, /health, metrics). The model is loaded once at start; requests are
 * sent one at a time in FIFO order (the child has one ORT session sized to the CPU quota; two overlapping runs would
 * only oversubscribe it), each with a request id and a timeout.
 *
 * Failure policy: a crash or timeout rejects the running request (the job fails and BullMQ retries it) and the child
 * is restarted, queued requests wait for it. More than `maxRestarts` in `restartWindowMs`, or a restart that cannot
 * load the model, is fatal: every request is rejected and `onFatal` fires (the service exits; k8s restarts the pod).
 */
export class InferenceProcessClient implements ThemeClassifier {
  private child: ChildProcess | undefined;
  private state: State = 'starting';
  private readonly queue: Request[] = [];
  private inFlight: Request | undefined;
  private nextId = 1;
  private loaded: LoadedModelInfo | undefined;
  private restartCount = 0;
  private readonly budget: RestartBudget;
  private readonly settings: Required<Omit<InferenceProcessOptions, 'hooks' | 'classifier'>>;
  private drained: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  /** The current child answered `ready` (requests are only sent to a loaded child). */
  private childReady = false;

  private constructor(private readonly opts: InferenceProcessOptions) {
    this.settings = {
      requestTimeoutMs: opts.requestTimeoutMs ?? INFERENCE_PROCESS_DEFAULTS.requestTimeoutMs,
      loadTimeoutMs: opts.loadTimeoutMs ?? INFERENCE_PROCESS_DEFAULTS.loadTimeoutMs,
      maxRestarts: opts.maxRestarts ?? INFERENCE_PROCESS_DEFAULTS.maxRestarts,
      restartWindowMs: opts.restartWindowMs ?? INFERENCE_PROCESS_DEFAULTS.restartWindowMs,
      entry: opts.entry ?? join(__dirname, 'child-main.js'),
      execArgv: opts.execArgv ?? [],
    };
    this.budget = new RestartBudget(this.settings.maxRestarts, this.settings.restartWindowMs);
  }

  /** Forks the child and waits until it loaded the model; a load failure rejects with the child's message. */
  static async start(opts: InferenceProcessOptions): Promise<InferenceProcessClient> {
    const client = new InferenceProcessClient(opts);
    await client.spawnAndLoad(false);
    return client;
  }

  get modelId(): string { return this.info.modelId; }
  get themesVersion(): string { return this.info.themesVersion; }
  get engine(): ClassifierEngine { return this.info.engine; }
  /** What the current (or last) child loaded. */
  get info(): LoadedModelInfo {
    if (!this.loaded) throw new Error('inference process not loaded');
    return this.loaded;
  }
  get pid(): number | undefined { return this.child?.pid; }
  get restarts(): number { return this.restartCount; }
  get status(): State { return this.state; }
  /** Requests waiting or running. */
  get pending(): number { return this.queue.length + (this.inFlight ? 1 : 0); }

  classify(texts: readonly ClassifyInput[]): Promise<ThemeResult[]> {
    if (texts.length === 0) return Promise.resolve([]);
    if (this.state === 'closing' || this.state === 'closed' || this.state === 'failed') {
      return Promise.reject(new InferenceProcessClosedError(`inference process is ${this.state}; request refused`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      this.pump();
    });
  }

  /**
   * Lets queued and running requests finish, then asks the child to exit (SIGKILL after `graceMs`).
   * New requests are refused from the moment close() is called: close the job consumer first.
   */
  close(graceMs = 10_000): Promise<void> {
    this.closing ??= this.closeOnce(graceMs);
    return this.closing;
  }

  private async closeOnce(graceMs: number): Promise<void> {
    const wasFailed = this.state === 'failed';
    this.state = 'closing';
    if (!wasFailed && this.pending > 0) await new Promise<void>((resolve) => { this.drained = resolve; });
    const child = this.child;
    this.state = 'closed';
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    if (child.connected) child.send({ type: 'shutdown' } satisfies ParentMessage, (err) => { if (err) child.kill('SIGKILL'); });
    else child.kill('SIGKILL');
    await exited;
    clearTimeout(kill);
  }

  dispose(): Promise<void> { return this.close(); }

  private spawnAndLoad(restart: boolean): Promise<void> {
    const child = fork(this.settings.entry, [], {
      execArgv: this.settings.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json',
    });
    this.child = child;
    this.childReady = false;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(err);
      };
      const timer = setTimeout(() => fail(new InferenceLoadError('InferenceLoadError',
        `inference process did not load the model within ${this.settings.loadTimeoutMs} ms`)), this.settings.loadTimeoutMs);
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready' && !settled) {
          settled = true;
          clearTimeout(timer);
          this.loaded = m.info;
          this.childReady = true;
          if (this.state === 'starting' || this.state === 'restarting') this.state = 'ready';
          this.opts.hooks?.onReady?.(m.info, restart);
          resolve();
          this.pump();
        } else if (m.type === 'load-error') {
          fail(new InferenceLoadError(m.error.name, m.error.message));
        } else if (m.type === 'result' || m.type === 'failure') {
          this.onAnswer(m);
        }
      });
      child.on('error', (err) => fail(new InferenceLoadError('InferenceLoadError', `inference process error: ${err.message}`)));
      child.once('exit', (code, signal) => {
        fail(new InferenceLoadError('InferenceLoadError', `inference process exited during model load (${describeExit(code, signal)})`));
        // Death during load is reported by the load promise (start() rejects; a restart gives up).
        if (this.child === child && this.childReady) this.onChildExit(child, code, signal);
      });
      child.send({ type: 'init', options: this.opts.classifier } satisfies ParentMessage, (err) => {
        if (err) fail(new InferenceLoadError('InferenceLoadError', `cannot send init to inference process: ${err.message}`));
      });
    });
  }

  private pump(): void {
    if (this.state !== 'ready' && this.state !== 'closing') return;
    if (this.inFlight || !this.childReady || !this.child?.connected) return;
    const req = this.queue.shift();
    if (!req) {
      this.drained?.();
      this.drained = undefined;
      return;
    }
    req.id = this.nextId++;
    req.sentAt = performance.now();
    this.inFlight = req;
    req.timer = setTimeout(() => this.onTimeout(req), this.settings.requestTimeoutMs);
    this.child.send({ type: 'classify', id: req.id, texts: req.texts } satisfies ParentMessage, (err) => {
      // The exit handler rejects the request and restarts the child; nothing else to do here.
      if (err) this.child?.kill('SIGKILL');
    });
  }

  private onAnswer(m: Extract<ChildMessage, { type: 'result' | 'failure' }>): void {
    const req = this.inFlight;
    if (!req || req.id !== m.id) return; // an answer to a request that already timed out
    clearTimeout(req.timer);
    this.inFlight = undefined;
    if (m.type === 'result') {
      this.opts.hooks?.onBatch?.(req.texts.length, performance.now() - (req.sentAt ?? 0), m.inferenceMs);
      req.resolve(m.results);
    } else {
      const err = new Error(`inference failed in the child process: ${m.error.message}`);
      err.name = m.error.name === 'Error' ? 'InferenceError' : m.error.name;
      req.reject(err);
    }
    this.pump();
  }

  private onTimeout(req: Request): void {
    if (this.inFlight !== req) return;
    this.inFlight = undefined;
    req.reject(new InferenceTimeoutError(this.settings.requestTimeoutMs, req.texts.length));
    this.child?.kill('SIGKILL'); // the exit handler restarts it
  }

  private onChildExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === 'closed') return;
    const req = this.inFlight;
    this.inFlight = undefined;
    if (req) {
      clearTimeout(req.timer);
      const hint = signal === 'SIGKILL' ? ' (killed: out of memory, or by an operator)' : '';
      req.reject(new InferenceProcessCrashedError(
        `inference process ${child.pid} exited (${describeExit(code, signal)})${hint} while classifying ${req.texts.length} texts`));
    }
    this.childReady = false;
    if (this.state === 'failed') return;
    const restarting = this.budget.tryConsume();
    this.opts.hooks?.onCrash?.({ pid: child.pid, code, signal, restarting });
    if (!restarting) {
      this.giveUp(new InferenceProcessClosedError(
        `inference process crashed more than ${this.settings.maxRestarts} times in ${this.settings.restartWindowMs} ms; giving up`));
      return;
    }
    this.restartCount++;
    if (this.state === 'ready') this.state = 'restarting';
    this.spawnAndLoad(true).catch((err: Error) => this.giveUp(err));
  }

  private giveUp(err: Error): void {
    const closing = this.state === 'closing';
    this.state = 'failed';
    for (const req of this.queue.splice(0)) req.reject(new InferenceProcessClosedError(`inference process unavailable: ${err.message}`));
    this.drained?.();
    this.drained = undefined;
    if (!closing) this.opts.hooks?.onFatal?.(err);
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
