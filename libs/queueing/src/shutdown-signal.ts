import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Set when the service starts shutting down (SIGTERM or app.close()): Nest calls onModuleDestroy before every
 * beforeApplicationShutdown hook, where `StageWorker` closes its BullMQ worker and waits for its jobs. A long job
 * checks it between units of work and releases itself (throw `ReleaseJob`) instead of running to the end, so the
 * process stops within its grace period and another replica, or the restarted one, resumes the job.
 */
@Injectable()
export class ShutdownSignal implements OnModuleDestroy {
  private requested = false;

  get isRequested(): boolean { return this.requested; }

  onModuleDestroy(): void { this.requested = true; }
}

/** Thrown by a job handler to hand the job back to the queue (no attempt used): it runs again after `delayMs`. */
export class ReleaseJob extends Error {
  override readonly name = 'ReleaseJob';
  constructor(reason: string, readonly delayMs = 1_000) { super(reason); }
}
