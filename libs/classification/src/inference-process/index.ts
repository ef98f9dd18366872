export * from './errors';
export * from './protocol';
export * from './restart-budget';
export * from './inference-process.client';
