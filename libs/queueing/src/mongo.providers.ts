import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Db, MongoClient } from 'mongodb';
import type { BaseConfig } from '@reviewlens/config';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, connectMongo, ensureIndexes } from '@reviewlens/store';

export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');

@Injectable()
export class MongoCloser implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}
  async onApplicationShutdown(): Promise<void> { await this.client.close(); }
}

/** The MongoDB client (indexes ensured at start), its database, the store repositories, and closing on shutdown. */
export function mongoProviders(config: Pick<BaseConfig, 'MONGO_URL' | 'MONGO_DB'>): Provider[] {
  return [
    {
      provide: MONGO_CLIENT,
      useFactory: async () => {
        const { client, db } = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB });
        await ensureIndexes(db);
        return client;
      },
    },
    { provide: MONGO_DB, useFactory: (c: MongoClient) => c.db(config.MONGO_DB), inject: [MONGO_CLIENT] },
    { provide: ArchiveRepository, useFactory: (db: Db) => new ArchiveRepository(db), inject: [MONGO_DB] },
    { provide: RunRepository, useFactory: (db: Db) => new RunRepository(db), inject: [MONGO_DB] },
    { provide: RunBatchRepository, useFactory: (db: Db) => new RunBatchRepository(db), inject: [MONGO_DB] },
    { provide: WatermarkRepository, useFactory: (db: Db) => new WatermarkRepository(db), inject: [MONGO_DB] },
    MongoCloser,
  ];
}
