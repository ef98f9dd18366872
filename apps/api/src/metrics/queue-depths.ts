import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '@reviewlens/contracts';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized', 'waiting-children'] as const;

/** The BullMQ queues of the pipeline, as registered in the api (same Redis, same key prefix as the stages). */
@Injectable()
export class PipelineQueues {
  readonly all: Queue[];

  constructor(
    @InjectQueue(QUEUES.extract) extract: Queue,
    @InjectQueue(QUEUES.archive) archive: Queue,
    @InjectQueue(QUEUES.clean) clean: Queue,
    @InjectQueue(QUEUES.classify) classify: Queue,
    @InjectQueue(QUEUES.load) load: Queue,
    @InjectQueue(QUEUES.deadLetter) deadLetter: Queue,
  ) {
    this.all = [extract, archive, clean, classify, load, deadLetter];
  }

  /** Jobs per queue and state, straight from Redis. */
  async depths(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    return Promise.all(this.all.map(async (q) => ({ queue: q.name, counts: await q.getJobCounts(...QUEUE_STATES) })));
  }
}
