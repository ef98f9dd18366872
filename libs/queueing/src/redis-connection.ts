import type { RedisOptions } from 'ioredis';

/** Capped exponential backoff with jitter for reconnecting to Redis after an outage. */
export function redisRetryDelay(attempt: number, capMs = 10_000): number {
  const base = Math.min(capMs, 200 * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** ioredis options from a redis:// URL. Workers need `maxRetriesPerRequest: null` so blocking calls survive outages. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => redisRetryDelay(times),
  };
}
