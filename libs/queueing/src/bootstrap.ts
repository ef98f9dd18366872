import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLogger, PinoNestLogger } from '@reviewlens/observability';

export interface BootstrapOptions { service: string; port: number; host?: string; shutdownGraceMs: number; logLevel?: string }

/**
 * Starts a service: Fastify HTTP (health, metrics, and the api's routes), Nest shutdown hooks so SIGTERM stops taking
 * jobs, lets in-flight jobs finish or release themselves (StageWorker.beforeApplicationShutdown), then closes connections;
 * a hard deadline backs it up.
 */
export async function bootstrapService(module: DynamicModule, opts: BootstrapOptions): Promise<NestFastifyApplication> {
  const logger = createLogger(opts.service, opts.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({
    bodyLimit: 1_048_576,
    // A path parameter is checked before decoding: an id of MAX_ID_LENGTH (100) UTF-16 units is at most 1,200
    // percent-encoded characters (3 bytes per unit, 3 characters per byte). Ids are then checked by coerceId.
    maxParamLength: 1_200,
  }), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: finishing in-flight jobs');
      setTimeout(() => { logger.error('graceful shutdown timed out; exiting'); process.exit(1); }, opts.shutdownGraceMs).unref();
    });
  }
  await app.listen(opts.port, opts.host ?? '127.0.0.1');
  const address = app.getHttpServer().address();
  logger.info({ address }, `${opts.service} started`);
  return app;
}

/** Wraps a service's main(): configuration errors and start-up failures exit non-zero with a clear message. */
/**
 * Process warnings (deprecations, a dependency's runtime notice) as one JSON log line each instead of Node's multi-line
 * text. Node emits warnings on the next tick, so replacing its printer while the main module is still being evaluated
 * also catches the warnings raised while modules were loading.
 */
export function logProcessWarnings(logger: Pick<Logger, 'warn'>): void {
  process.removeAllListeners('warning');
  process.on('warning', (w: Error & { code?: string }) => logger.warn({ warning: w.name, code: w.code }, w.message));
}

export function runMain(service: string, main: () => Promise<unknown>): void {
  logProcessWarnings(createLogger(service));
  main().catch((err: Error) => {
    createLogger(service).fatal({ err: { name: err.name, message: err.message } }, `${service} failed to start: ${err.message}`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
