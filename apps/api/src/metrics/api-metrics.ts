import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Everything the api exposes on /metrics. Gauges that read live state are filled by `collect` callbacks. */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly snapshotLoads: Counter<'outcome'>;
  readonly snapshotLoadDuration: Histogram;
  readonly snapshotAge: Gauge;
  readonly snapshotRows: Gauge;
  readonly snapshotLoadFailing: Gauge;
  readonly snapshotPinned: Gauge;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly freshestChangeAge: Gauge;
  readonly stalestChangeAge: Gauge;

  constructor(service = 'api') {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'reviewlens_http_request_duration_seconds', help: 'HTTP request latency by route pattern and status',
      labelNames: ['method', 'route', 'status'], registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.snapshotLoads = new Counter({ name: 'reviewlens_api_snapshot_loads_total', help: 'Snapshot load attempts by outcome (ok, error)', labelNames: ['outcome'], registers });
    this.snapshotLoadDuration = new Histogram({
      name: 'reviewlens_api_snapshot_load_seconds', help: 'Time to fetch, decode and index a snapshot', registers,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
    });
    this.snapshotAge = new Gauge({ name: 'reviewlens_api_snapshot_age_seconds', help: 'Age of the served snapshot (now - manifest createdAt); absent before the first load', registers });
    this.snapshotRows = new Gauge({ name: 'reviewlens_api_snapshot_rows', help: 'Reviews in the served snapshot', registers });
    this.snapshotLoadFailing = new Gauge({ name: 'reviewlens_api_snapshot_load_failing', help: '1 while the newest wanted snapshot could not be loaded (the previous one is served)', registers });
    this.snapshotPinned = new Gauge({ name: 'reviewlens_api_snapshot_pinned', help: '1 while the api is pinned to a snapshot instead of following the latest', registers });
    this.freshestChangeAge = new Gauge({
      name: 'reviewlens_api_freshest_change_age_seconds', registers,
      help: 'now - the newest source updatedAt among the served reviews (NaN before a snapshot with readable dates is loaded)',
    });
    this.stalestChangeAge = new Gauge({
      name: 'reviewlens_api_stalest_change_age_seconds', registers,
      help: 'now - the oldest source updatedAt among the served changes of the latest run that changed reviews (NaN when unknown)',
    });
    this.queueJobs = new Gauge({ name: 'reviewlens_queue_jobs', help: 'Jobs per queue and state (read from Redis at scrape time)', labelNames: ['queue', 'state'], registers });
  }
}
