import pino, { type Logger } from 'pino';

/** Paths redacted from every log line: credentials must never reach the logs. */
export const REDACT_PATHS = [
  'password', '*.password', 'secret', '*.secret', '*.secretAccessKey', '*.S3_SECRET_ACCESS_KEY',
  'req.headers.authorization', 'req.headers["x-api-key"]', '*.PSEUDONYM_SALT', '*.API_KEYS',
];

/** Structured JSON logger for a service. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Remove credentials from a connection URL before it is logged or shown. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return value.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
  }
}
