export * from './mongo-connection';
export * from './archive.repository';
export * from './run.types';
export * from './run.repository';
export * from './run-batch.repository';
export * from './watermark.repository';
export * from './run-report';
export * from './ensure-indexes';
