import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './mongo-connection';
import type { Cursor } from './run.types';

interface WatermarkDoc { _id: string; cursor: Cursor; runId: string; at: Date }

/** The extraction watermark: advanced only when a run's snapshot is published. */
export class WatermarkRepository {
  private readonly col: Collection<WatermarkDoc>;
  constructor(db: Db, private readonly name = 'reviews') { this.col = db.collection<WatermarkDoc>(COLLECTIONS.watermarks); }

  async get(): Promise<Cursor | null> {
    const doc = await this.col.findOne({ _id: this.name });
    return doc?.cursor ?? null;
  }

  async set(cursor: Cursor, runId: string): Promise<void> {
    await this.col.replaceOne({ _id: this.name }, { cursor, runId, at: new Date() }, { upsert: true });
  }
}
