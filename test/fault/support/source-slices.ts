import type { Pool } from 'pg';
import { generateSample, malformedKindAt, sampleIds } from '@reviewlens/source-db';
import { SAMPLE_REJECT_REASON } from '../../support/sample-reject-reasons';


/** Rows one scenario adds to the source, and what the cleaner must do with them. */
export interface SourceSlice {
  seed: number;
  reviewIds: string[];
  /** review id -> expected reject reason; every other id of the slice must be curated. */
  expectedRejects: Map<string, string>;
}

export function emptySlice(seed: number): SourceSlice {
  return { seed, reviewIds: [], expectedRejects: new Map() };
}

/**
 * Adds a deterministic sample slice (ids `s<seed>-r…`, own products and buyers) and moves its updated_at past every
 * watermark so the next incremental run extracts exactly this slice. created_at keeps its historical value.
 */
export async function addSampleSlice(pool: Pool, seed: number, reviews: number, malformedRate = 0.02): Promise<SourceSlice> {
  await generateSample(pool, { reviews, seed, malformedRate });
  await touchSlice(pool, `s${seed}-r%`);
  const slice = emptySlice(seed);
  for (let i = 0; i < reviews; i++) {
    const id = sampleIds.review(seed, i);
    slice.reviewIds.push(id);
    const kind = malformedKindAt(i, malformedRate);
    if (kind) slice.expectedRejects.set(id, SAMPLE_REJECT_REASON[kind]);
  }
  return slice;
}

/** Gives the matching reviews fresh, distinct updated_at values (later than anything extracted so far). */
export async function touchSlice(pool: Pool, reviewIdPattern: string): Promise<void> {
  await pool.query('UPDATE review SET updated_at = clock_timestamp() WHERE review_id LIKE $1', [reviewIdPattern]);
}

export function mergeSlices(seed: number, ...slices: SourceSlice[]): SourceSlice {
  const out = emptySlice(seed);
  for (const s of slices) {
    out.reviewIds.push(...s.reviewIds);
    for (const [id, reason] of s.expectedRejects) out.expectedRejects.set(id, reason);
  }
  return out;
}
