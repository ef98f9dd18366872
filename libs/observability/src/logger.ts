import pino, { type Logger } from 'pino';

/** Paths redacted from every log line: credentials must never reach the logs. */
export const REDACT_PATHS = [
  'password', '*.password', 'secret', '*.secret', '*.secretAccessKey', '*.S3_SECRET_ACCESS_KEY',
  'req.headers.authorization', 'req.headers["x-api-key"]', '*.PSEUDONYM_SALT', '*.API_KEYS',
];

/**
 * Structured JSON logger for a service: one JSON object per line on stdout, `"level":"info"` (the level's name, not
 * pino's number, so `grep '"level":"error"'` and log pipelines read it without a lookup table), ISO `time`.
 * `destination` is for tests; services log to stdout.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
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
