import { Counter, type Registry } from 'prom-client';

/**
 * Which dependency an outage error (isDependencyOutage) came from, for `reviewlens_dependency_errors_total`: the
 * "repeated S3 or MongoDB connection errors" alert (deploy/prometheus/alerts.yml, docs/operations.md) counts them.
 */
export type Dependency = 'mongo' | 's3' | 'postgres' | 'redis' | 'other';

interface ErrorLike { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; $metadata?: unknown }

const PG_CODE = /^(57P0[123]|080\d\d)$/;
const MONGO_MESSAGE = /database is locked|SQLITE_BUSY|server selection timed out/i;
const PG_MESSAGE = /connection terminated|timeout exceeded when trying to connect/i;
const REDIS_MESSAGE = /Connection is closed/;

/** The dependency an error (or one it wraps) names: driver error names, the AWS SDK's $metadata, PostgreSQL codes. */
export function outageDependency(err: unknown, depth = 0): Dependency {
  if (depth > 5 || typeof err !== 'object' || err === null) return 'other';
  const e = err as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name.startsWith('Mongo') || MONGO_MESSAGE.test(message)) return 'mongo';
  // Every error out of the AWS SDK (service errors and socket errors alike) carries $metadata.
  if (e.$metadata !== undefined && typeof e.$metadata === 'object') return 's3';
  if ((typeof e.code === 'string' && PG_CODE.test(e.code)) || PG_MESSAGE.test(message)) return 'postgres';
  if (REDIS_MESSAGE.test(message)) return 'redis';
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.cause]) {
    const found = outageDependency(inner, depth + 1);
    if (found !== 'other') return found;
  }
  return 'other';
}

export const DEPENDENCY_ERRORS_METRIC = 'reviewlens_dependency_errors_total';

/** The counter on a service's registry (created on first use, so every stage registry gets it without new wiring). */
export function dependencyErrorCounter(registry: Registry): Counter<'queue' | 'dependency'> {
  const existing = registry.getSingleMetric(DEPENDENCY_ERRORS_METRIC);
  if (existing) return existing as Counter<'queue' | 'dependency'>;
  return new Counter({
    name: DEPENDENCY_ERRORS_METRIC,
    help: 'Jobs that met an unreachable dependency (retried later without using an attempt), by queue and dependency',
    labelNames: ['queue', 'dependency'], registers: [registry],
  });
}

/** Counts one outage error of a job on `queue`. */
export function countDependencyError(registry: Registry, queue: string, err: unknown): void {
  dependencyErrorCounter(registry).inc({ queue, dependency: outageDependency(err) });
}
