import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The per-stage metrics every worker exposes on /metrics. */
export interface StageMetrics {
  registry: Registry;
  jobs: Counter<'queue' | 'status'>;
  rows: Counter<'queue' | 'outcome'>;
  jobDuration: Histogram<'queue'>;
}

export function createStageMetrics(service: string): StageMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobs: new Counter({ name: 'reviewlens_jobs_total', help: 'Jobs handled, by queue and final status', labelNames: ['queue', 'status'], registers: [registry] }),
    rows: new Counter({ name: 'reviewlens_rows_total', help: 'Rows handled, by queue and outcome (ok or a reject reason)', labelNames: ['queue', 'outcome'], registers: [registry] }),
    jobDuration: new Histogram({
      name: 'reviewlens_job_duration_seconds', help: 'Job processing time', labelNames: ['queue'], registers: [registry],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    }),
  };
}
