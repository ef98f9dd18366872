/** Every BullMQ queue of the pipeline. Adding one here without settings in queue-settings.ts fails to compile. */
export const QUEUES = {
  extract: 'extract',
  archive: 'archive',
  clean: 'clean',
  classify: 'classify',
  load: 'load',
  deadLetter: 'dead-letter',
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];

/** Pipeline stages, as recorded in run accounting and dead-letter entries. */
export const STAGES = ['extractor', 'archiver', 'cleaner', 'classifier', 'loader'] as const;
export type Stage = (typeof STAGES)[number];

/** Which stage consumes which queue (the dead-letter queue has no consumer: it is parked for ops). */
export const STAGE_OF_QUEUE: Record<Exclude<QueueKey, 'deadLetter'>, Stage> = {
  extract: 'extractor',
  archive: 'archiver',
  clean: 'cleaner',
  classify: 'classifier',
  load: 'loader',
};

/** Optional prefix so tests can isolate their queues in one Redis. */
export function queueName(key: QueueKey, prefix = ''): string {
  return prefix ? `${prefix}-${QUEUES[key]}` : QUEUES[key];
}
