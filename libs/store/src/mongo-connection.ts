import { MongoClient, type Db } from 'mongodb';

export interface MongoSettings { url: string; dbName: string }

/** One MongoClient per process; the driver reconnects by itself after an outage. */
export async function connectMongo(settings: MongoSettings): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(settings.url, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    retryWrites: true,
    retryReads: true,
    appName: 'reviewlens',
  });
  await client.connect();
  return { client, db: client.db(settings.dbName) };
}

export const COLLECTIONS = {
  rawReviews: 'raw_reviews',
  runs: 'runs',
  runBatches: 'run_batches',
  watermarks: 'watermarks',
} as const;
