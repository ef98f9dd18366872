export * from './queues';
export * from './queue-settings';
export * from './reasons';
export * from './rows';
export * from './jobs';
export * from './exact-payloads';
