export * from './service-control';
export * from './fault-pipeline';
export * from './run-control';
export * from './source-slices';
export * from './invariants';
export * from './scenario-log';
