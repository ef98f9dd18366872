export * from './env-file';
export * from './services-dir';
export * from './service-env';
export * from './unique-name';
export * from './free-port';
