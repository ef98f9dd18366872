import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import type { BaseConfig } from '@reviewlens/config';
import { LIVENESS_CHECKS, LOGGER, type LivenessCheck } from './tokens';
import { waitForDependency } from './startup-wait';
import { ArchiveRepository, RunBatchRepository, RejectRepository, RunRepository, WatermarkRepository, connectMongo, ensureIndexes, type MongoMonitorWatchdog } from '@reviewlens/store';

const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');
type MongoConnection = Awaited<ReturnType<typeof connectMongo>>;

@Injectable()
export class MongoCloser implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}
  async onApplicationShutdown(): Promise<void> { await this.client.close(); }
}

/**
 * The MongoDB client (indexes ensured at start; waits up to STARTUP_WAIT_MS for the database), its database, the
 * liveness check of its monitor watchdog, the store repositories, and closing on shutdown.
 */
export function mongoProviders(config: Pick<BaseConfig, 'MONGO_URL' | 'MONGO_DB' | 'STARTUP_WAIT_MS'>): Provider[] {
  const connect = async (): Promise<MongoConnection> => {
    const connection = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB });
    try {
      await ensureIndexes(connection.db);
    } catch (err) {
      await connection.client.close().catch(() => undefined);
      throw err;
    }
    return connection;
  };
  return [
    {
      provide: MONGO_CONNECTION,
      useFactory: (logger: Logger): Promise<MongoConnection> => waitForDependency('MongoDB', connect, { logger, timeoutMs: config.STARTUP_WAIT_MS }),
      inject: [LOGGER],
    },
    { provide: MONGO_CLIENT, useFactory: (c: MongoConnection) => c.client, inject: [MONGO_CONNECTION] },
    {
      provide: LIVENESS_CHECKS,
      useFactory: (c: MongoConnection, logger: Logger): LivenessCheck[] => [mongoMonitorLiveness(c.monitor, logger)],
      inject: [MONGO_CONNECTION, LOGGER],
    },
    { provide: MONGO_DB, useFactory: (c: MongoConnection): Db => c.db, inject: [MONGO_CONNECTION] },
    { provide: ArchiveRepository, useFactory: (db: Db) => new ArchiveRepository(db), inject: [MONGO_DB] },
    { provide: RejectRepository, useFactory: (db: Db) => new RejectRepository(db), inject: [MONGO_DB] },
    { provide: RunRepository, useFactory: (db: Db) => new RunRepository(db), inject: [MONGO_DB] },
    { provide: RunBatchRepository, useFactory: (db: Db) => new RunBatchRepository(db), inject: [MONGO_DB] },
    { provide: WatermarkRepository, useFactory: (db: Db) => new WatermarkRepository(db), inject: [MONGO_DB] },
    MongoCloser,
  ];
}

/** /health fails while the client's server monitor is wedged (logged once per stall), so the orchestrator restarts us. */
export function mongoMonitorLiveness(monitor: MongoMonitorWatchdog, logger: Logger): LivenessCheck {
  let reported = false;
  return {
    name: 'mongo-monitor',
    problem: () => {
      const stall = monitor.stall();
      if (!stall) {
        reported = false;
        return undefined;
      }
      if (!reported) {
        logger.error({ server: stall.server, pendingMs: stall.pendingMs }, 'MongoDB server monitor wedged; /health fails until the process is restarted');
        reported = true;
      }
      return `MongoDB server monitor for ${stall.server} stuck for ${Math.round(stall.pendingMs / 1000)} s; the client cannot recover without a restart`;
    },
  };
}
