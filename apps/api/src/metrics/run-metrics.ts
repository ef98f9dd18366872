import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { LIVENESS_CHECKS, livenessProblems, type LivenessCheck } from '@reviewlens/queueing';
import { RunRepository, type RunDoc } from '@reviewlens/store';
import { withTimeout } from '../common/with-timeout';
import { ApiMetrics } from './api-metrics';

/**
 * Run-level series for the alert rules (deploy/prometheus/alerts.yml) and the pipeline dashboard, computed from the
 * `runs` collection (through RunRepository) when Prometheus scrapes the api, cached for a few seconds so that several
 * scrapers or a fast scrape interval cost one query. docs/operations.md explains each series next to its alert.
 */

/** How many of the newest runs a scrape reads (sorted by createdAt, one indexed query). */
export const RECENT_RUNS = 200;
/** Published runs whose durations make the "usual" duration (median). */
export const TYPICAL_RUNS = 10;
/** Fewer published runs than this: no usual duration yet (0 on /metrics, the slow-run alert stays quiet). */
export const MIN_RUNS_FOR_TYPICAL = 3;
export const RUN_METRICS_CACHE_MS = 5_000;
const READ_TIMEOUT_MS = 2_000;

/** Statuses a run is in while it is under way (libs/store RunStatus). */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['extracting', 'extracted', 'publishing']);
/** Terminal statuses that count as a failure (`stalled` is how a run without progress may be marked). */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'stalled']);
export const SUCCEEDED_STATUS = 'published';

export interface RunFacts {
  /** Runs per status among the newest RECENT_RUNS. */
  byStatus: Record<string, number>;
  /** Age in seconds of the oldest run under way (0 when none). */
  activeAgeSeconds: number;
  activeRuns: number;
  /** Failed runs in a row, newest first, among finished runs (a cancelled run neither breaks nor extends the streak). */
  consecutiveFailures: number;
  /** createdAt → publishedAt of the newest published run, seconds (0 when none). */
  lastDurationSeconds: number;
  /** Median duration of the newest TYPICAL_RUNS published runs (0 with fewer than MIN_RUNS_FOR_TYPICAL). */
  typicalDurationSeconds: number;
  /** createdAt (unix seconds) of the newest run of each trigger (schedule, api, continuous, …). */
  lastStartedByTrigger: Record<string, number>;
}

type RunLike = Pick<RunDoc, 'status' | 'trigger' | 'createdAt' | 'publishedAt'>;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const seconds = (d: Date): number => d.getTime() / 1000;

/** The facts behind the run gauges, from runs sorted newest first. Pure: unit-tested on its own. */
export function runFacts(runs: readonly RunLike[], now: Date): RunFacts {
  const byStatus: Record<string, number> = {};
  const lastStartedByTrigger: Record<string, number> = {};
  let activeAgeSeconds = 0;
  let activeRuns = 0;
  let consecutiveFailures = 0;
  let streakOpen = true;
  const durations: number[] = [];
  for (const run of runs) {
    const status = String(run.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const started = seconds(run.createdAt);
    const trigger = run.trigger || 'unknown';
    lastStartedByTrigger[trigger] = Math.max(lastStartedByTrigger[trigger] ?? 0, started);
    if (ACTIVE_STATUSES.has(status)) {
      activeRuns += 1;
      activeAgeSeconds = Math.max(activeAgeSeconds, Math.max(0, seconds(now) - started));
      continue;
    }
    if (streakOpen && FAILED_STATUSES.has(status)) consecutiveFailures += 1;
    else if (status === SUCCEEDED_STATUS) streakOpen = false;
    if (status === SUCCEEDED_STATUS && run.publishedAt && durations.length < TYPICAL_RUNS) {
      durations.push(Math.max(0, seconds(run.publishedAt) - started));
    }
  }
  return {
    byStatus, activeRuns, activeAgeSeconds: Math.round(activeAgeSeconds), consecutiveFailures, lastStartedByTrigger,
    lastDurationSeconds: durations[0] ?? 0,
    typicalDurationSeconds: durations.length >= MIN_RUNS_FOR_TYPICAL ? median(durations) : 0,
  };
}

/** The gauges, registered on a registry; `set(facts)` fills them, `set(null)` empties the run series (MongoDB down). */
export class RunGauges {
  readonly byStatus: Gauge<'status'>;
  readonly active: Gauge;
  readonly activeAge: Gauge;
  readonly consecutiveFailures: Gauge;
  readonly lastDuration: Gauge;
  readonly typicalDuration: Gauge;
  readonly lastStarted: Gauge<'trigger'>;
  readonly readOk: Gauge;
  readonly liveness: Gauge;

  constructor(registry: Registry, collect: () => Promise<void>) {
    const registers = [registry];
    // Each gauge's collect awaits the same cached read: one query per scrape at most.
    const c = { collect };
    this.byStatus = new Gauge({ name: 'reviewlens_runs', help: `Runs by status among the newest ${RECENT_RUNS}`, labelNames: ['status'], registers, ...c });
    this.active = new Gauge({ name: 'reviewlens_run_active', help: 'Runs under way (extracting, extracted or publishing)', registers, ...c });
    this.activeAge = new Gauge({ name: 'reviewlens_run_active_age_seconds', help: 'Time since the oldest run under way was created (0 when none)', registers, ...c });
    this.consecutiveFailures = new Gauge({
      name: 'reviewlens_run_consecutive_failures', help: 'Failed runs in a row, newest first (0 once a run publishes; cancelled runs are skipped)', registers, ...c,
    });
    this.lastDuration = new Gauge({ name: 'reviewlens_run_last_duration_seconds', help: 'Trigger to published snapshot of the newest published run (0 when none)', registers, ...c });
    this.typicalDuration = new Gauge({
      name: 'reviewlens_run_typical_duration_seconds', help: `Median duration of the newest ${TYPICAL_RUNS} published runs (0 with fewer than ${MIN_RUNS_FOR_TYPICAL})`, registers, ...c,
    });
    this.lastStarted = new Gauge({
      name: 'reviewlens_run_last_started_timestamp_seconds', help: 'Creation time of the newest run of each trigger (schedule, api, continuous, ...)', labelNames: ['trigger'], registers, ...c,
    });
    this.readOk = new Gauge({ name: 'reviewlens_api_runs_read_ok', help: '1 when the api could read the runs collection (MongoDB) at the last scrape, else 0', registers, ...c });
    this.liveness = new Gauge({ name: 'reviewlens_api_liveness_ok', help: '1 while the api liveness checks pass (/health 200), 0 when /health answers 503', registers, ...c });
  }

  set(facts: RunFacts | null): void {
    this.byStatus.reset();
    this.lastStarted.reset();
    this.readOk.set(facts ? 1 : 0);
    if (!facts) {
      for (const g of [this.active, this.activeAge, this.consecutiveFailures, this.lastDuration, this.typicalDuration]) g.reset();
      return;
    }
    for (const [status, n] of Object.entries(facts.byStatus)) this.byStatus.set({ status }, n);
    for (const [trigger, at] of Object.entries(facts.lastStartedByTrigger)) this.lastStarted.set({ trigger }, at);
    this.active.set(facts.activeRuns);
    this.activeAge.set(facts.activeAgeSeconds);
    this.consecutiveFailures.set(facts.consecutiveFailures);
    this.lastDuration.set(facts.lastDurationSeconds);
    this.typicalDuration.set(facts.typicalDurationSeconds);
  }
}

/** Reads the newest runs at most once per RUN_METRICS_CACHE_MS and keeps the gauges on the api's registry current. */
@Injectable()
export class RunMetrics implements OnModuleInit {
  private gauges?: RunGauges;
  private pending?: Promise<void>;
  private readAt = 0;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly runs: RunRepository,
    @Inject(LIVENESS_CHECKS) private readonly liveness: LivenessCheck[],
  ) {}

  onModuleInit(): void {
    // Registered once per registry (a second app on the same ApiMetrics in a test reuses the gauges).
    if (this.metrics.registry.getSingleMetric('reviewlens_run_active')) return;
    this.gauges = new RunGauges(this.metrics.registry, () => this.refresh());
  }

  /** Refreshes the gauges unless a read is under way or happened less than RUN_METRICS_CACHE_MS ago. */
  refresh(now = Date.now()): Promise<void> {
    const gauges = this.gauges;
    if (!gauges) return Promise.resolve();
    gauges.liveness.set(livenessProblems(this.liveness) ? 0 : 1);
    if (this.pending) return this.pending;
    if (now - this.readAt < RUN_METRICS_CACHE_MS) return Promise.resolve();
    this.pending = (async () => {
      try {
        const runs = await withTimeout(this.runs.list(RECENT_RUNS), READ_TIMEOUT_MS, 'runs read');
        gauges.set(runFacts(runs, new Date()));
      } catch {
        gauges.set(null); // MongoDB unreachable: no stale run series, and reviewlens_api_runs_read_ok 0.
      } finally {
        this.readAt = Date.now();
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
