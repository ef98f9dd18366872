import type { Logger } from 'pino';
import { isDependencyOutage, outageRetryDelay } from './dependency-outage';

export interface StartupWait {
  logger: Pick<Logger, 'warn' | 'info'>;
  /** Give up (and let the service exit) after waiting this long. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a start-up step that needs a dependency (connect to MongoDB, check the S3 bucket). While the dependency is
 * unreachable it retries with capped, jittered backoff and logs each wait, so a service (re)started during an outage
 * comes up when the dependency returns instead of crash-looping. Any other error, or waiting past `timeoutMs`, throws:
 * the service then exits with that error.
 */
export async function waitForDependency<T>(what: string, attempt: () => Promise<T>, wait: StartupWait): Promise<T> {
  const sleep = wait.sleep ?? realSleep;
  const now = wait.now ?? Date.now;
  const started = now();
  for (let retry = 0; ; retry++) {
    try {
      const value = await attempt();
      if (retry > 0) wait.logger.info({ dependency: what, waitedMs: now() - started }, `${what} is reachable; starting`);
      return value;
    } catch (err) {
      const delayMs = outageRetryDelay(retry);
      if (!isDependencyOutage(err) || now() - started + delayMs > wait.timeoutMs) throw err;
      wait.logger.warn({ dependency: what, retry, delayMs, err: (err as Error).message }, `${what} is not reachable yet; waiting before starting`);
      await sleep(delayMs);
    }
  }
}
