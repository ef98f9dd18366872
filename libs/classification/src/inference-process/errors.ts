/**
 * Errors of the inference child process. Their names are deliberately not `TimeoutError` and their messages do not
 * look like a network failure: the stage worker must count them as a failed attempt (BullMQ retries the job with
 * backoff, then dead-letters it), not as a dependency outage retried forever.
 */

/** The child exited or was killed while the request was running (OOM kill, native abort, SIGKILL). */
export class InferenceProcessCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceProcessCrashedError';
  }
}

/** The request ran longer than the configured timeout; the child was killed and is restarted. */
export class InferenceTimeoutError extends Error {
  constructor(timeoutMs: number, texts: number) {
    super(`inference of ${texts} texts did not finish within ${timeoutMs} ms; the inference process was killed and is restarted`);
    this.name = 'InferenceTimeoutError';
  }
}

/** The client was closed (service shutting down) or gave up restarting the child. */
export class InferenceProcessClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceProcessClosedError';
  }
}

/** The model could not be loaded in the child (missing or corrupt files): the original message is kept. */
export class InferenceLoadError extends Error {
  constructor(readonly originalName: string, message: string) {
    super(message);
    this.name = originalName === 'ModelLoadError' ? 'ModelLoadError' : 'InferenceLoadError';
  }
}
