/**
 * Telling a dependency outage (Redis, PostgreSQL, MongoDB/FerretDB or S3 unreachable, or FerretDB's SQLite busy) apart from a real job error, and
 * how long to wait before trying again. An outage must not use up a job's attempts: a 20 s database restart would
 * otherwise dead-letter every job that happened to run during it.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection failures.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);
const OUTAGE_NAMES = /^(MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoPoolClearedError|TimeoutError|NetworkingError|RequestTimeout)$/;
const OUTAGE_MESSAGES = /database is locked|SQLITE_BUSY|connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|socket hang up|Connection is closed|server selection timed out/i;

interface ErrorLike { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; $metadata?: { httpStatusCode?: number } }

/** True when the error (or one it wraps) says a dependency could not be reached, or answered 503 / timed out. */
export function isDependencyOutage(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const e = err as ErrorLike;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && OUTAGE_NAMES.test(e.name)) return true;
  if (e.$metadata?.httpStatusCode === 503) return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDependencyOutage(x, depth + 1))) return true;
  return isDependencyOutage(e.cause, depth + 1);
}

/** Capped exponential delay with jitter (half to full) before the n-th (0-based) retry after an outage error. */
export function outageRetryDelay(n: number, baseMs = 500, capMs = 15_000): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.min(n, 20));
  return Math.round(full / 2 + Math.random() * (full / 2));
}

/** How many outage retries a job gets before it is dead-lettered (about 7 minutes with the default delays). */
export const DEFAULT_OUTAGE_RETRIES = 40;

/** OUTAGE_RETRIES from the environment (validated at start-up by libs/config; tests shorten it), else the default. */
export function outageRetryLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env['OUTAGE_RETRIES']);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_OUTAGE_RETRIES;
}
