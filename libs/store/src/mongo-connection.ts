import { MongoClient, type Db } from 'mongodb';
import { MongoMonitorWatchdog } from './mongo-monitor-watchdog';

export interface MongoSettings { url: string; dbName: string }

const CONNECT_TIMEOUT_MS = 5_000;
const HEARTBEAT_FREQUENCY_MS = 10_000;
/** A heartbeat settles within connectTimeoutMS (polling) or connectTimeoutMS + heartbeatFrequencyMS (streaming). */
export const MONITOR_STALL_AFTER_MS = 4 * (CONNECT_TIMEOUT_MS + HEARTBEAT_FREQUENCY_MS);

/** One MongoClient per process; the driver reconnects by itself after an outage, and a watchdog reports a wedged monitor. */
export async function connectMongo(settings: MongoSettings): Promise<{ client: MongoClient; db: Db; monitor: MongoMonitorWatchdog }> {
  const client = new MongoClient(settings.url, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    // An operation waiting longer than this fails (and is retried by the job) instead of hanging its job forever;
    // closing the socket also releases whatever the server holds for it (FerretDB's SQLite backend can wedge its
    // connection pool under write contention until the client connection goes away).
    socketTimeoutMS: 30_000,
    retryWrites: true,
    retryReads: true,
    appName: 'reviewlens',
  });
  const monitor = new MongoMonitorWatchdog(client, MONITOR_STALL_AFTER_MS);
  try {
    await client.connect();
  } catch (err) {
    await client.close().catch(() => undefined); // stop its monitor: the caller may try again with a new client
    throw err;
  }
  return { client, db: client.db(settings.dbName), monitor };
}

export const COLLECTIONS = {
  /** The raw archive: one immutable, compressed segment per extracted batch (ADR 0005). */
  archiveSegments: 'archive_segments',
  runs: 'runs',
  runBatches: 'run_batches',
  watermarks: 'watermarks',
  /** Rows the cleaner rejected for their data (by run, reason, product), with a replay path; not failed jobs. */
  rejects: 'rejects',
  /** Claims held by one worker at a time: a unique `_id` insert is the lock (atomic on MongoDB and FerretDB alike). */
  locks: 'locks',
} as const;
