export * from './lake-objects';
export * from './lake-retention';
export * from './store-retention';
export * from './redis-retention';
export * from './retention';
