import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import { QUEUES, type QueueKey } from '@reviewlens/contracts';
import { jobOptionsFor } from './queue-options';
import { redisOptionsFromUrl } from './redis-connection';

/** Redis connection and key prefix shared by every queue and worker of the process. */
export function bullRoot(redisUrl: string, prefix: string): DynamicModule {
  return BullModule.forRoot({ connection: redisOptionsFromUrl(redisUrl), prefix: prefix || 'bull' });
}

/** Registers the queues a service consumes or publishes to, each with its default job options. */
export function bullQueues(...keys: QueueKey[]): DynamicModule {
  return BullModule.registerQueue(...keys.map((k) => ({ name: QUEUES[k], defaultJobOptions: jobOptionsFor(k) })));
}
