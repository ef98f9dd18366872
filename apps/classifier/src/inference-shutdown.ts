import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { InferenceProcessClient } from '@reviewlens/classification';
import { THEME_CLASSIFIER } from './theme-classifier.provider';

/**
 * Ends the inference child process last. Order on SIGTERM: beforeApplicationShutdown closes the BullMQ worker
 * (no new jobs; in-flight jobs finish, their batches included: StageWorker), then onApplicationShutdown
 * lets any remaining request finish and tells the child to exit (Mongo and queues close in the same phase).
 */
@Injectable()
export class InferenceShutdown implements OnApplicationShutdown {
  constructor(@Inject(THEME_CLASSIFIER) private readonly client: InferenceProcessClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
