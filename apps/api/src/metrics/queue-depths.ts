import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ModuleRef } from '@nestjs/core';
import { QUEUES } from '@reviewlens/contracts';
import { API_QUEUES } from '../kit/api-kit.module';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized', 'waiting-children'] as const;

/** The BullMQ queues of the pipeline, as registered in the api (same Redis, same key prefix as the stages). */
@Injectable()
export class PipelineQueues {
  readonly all: Queue[];

  constructor(@Inject(ModuleRef) moduleRef: ModuleRef) {
    this.all = API_QUEUES.map((k) => moduleRef.get<Queue>(getQueueToken(QUEUES[k]), { strict: false }));
  }

  /** Jobs per queue and state, straight from Redis. */
  async depths(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    return Promise.all(this.all.map(async (q) => ({ queue: q.name, counts: await q.getJobCounts(...QUEUE_STATES) })));
  }
}
