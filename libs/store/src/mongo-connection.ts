import { MongoClient, type Db } from 'mongodb';

export interface MongoSettings { url: string; dbName: string }

/** One MongoClient per process; the driver reconnects by itself after an outage. */
export async function connectMongo(settings: MongoSettings): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(settings.url, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    // An operation waiting longer than this fails (and is retried by the job) instead of hanging its job forever;
    // closing the socket also releases whatever the server holds for it (FerretDB's SQLite backend can wedge its
    // connection pool under write contention until the client connection goes away).
    socketTimeoutMS: 30_000,
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
  /** Claims held by one worker at a time: a unique `_id` insert is the lock (atomic on MongoDB and FerretDB alike). */
  locks: 'locks',
} as const;
