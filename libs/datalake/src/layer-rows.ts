import { z } from 'zod';
import type { ClassifiedReview, CleanedReview } from '@reviewlens/contracts';
import type { LakeLayer } from './parquet-columns';

/** A row of the rejects layer: what the cleaner refused, with the untouched input as JSON text. */
export const RejectRecordSchema = z.object({
  reviewId: z.string().nullable(),
  runId: z.string(),
  batchId: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  /** The raw input row, JSON.stringify-ed. */
  raw: z.string(),
});
export type RejectRecord = z.infer<typeof RejectRecordSchema>;

/** Row type stored in each layer. */
export interface LayerRowTypes {
  cleaned: CleanedReview;
  rejects: RejectRecord;
  curated: ClassifiedReview;
}
export type LayerRow<L extends LakeLayer> = LayerRowTypes[L];
