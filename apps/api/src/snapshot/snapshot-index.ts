import type { ClassifiedReview } from '@reviewlens/contracts';
import { compareByRelevance } from '@reviewlens/domain';

/** In-memory index of one snapshot: reviews per product, pre-sorted by relevance (best first). */
export interface SnapshotIndex {
  snapshotId: string;
  runId: string;
  createdAt: string;
  loadedAt: Date;
  rowCount: number;
  byProduct: Map<string, ClassifiedReview[]>;
}

export function buildSnapshotIndex(meta: { snapshotId: string; runId: string; createdAt: string }, rows: ClassifiedReview[]): SnapshotIndex {
  const byProduct = new Map<string, ClassifiedReview[]>();
  for (const row of rows) {
    const list = byProduct.get(row.productId);
    if (list) list.push(row);
    else byProduct.set(row.productId, [row]);
  }
  for (const list of byProduct.values()) list.sort(compareByRelevance);
  return { ...meta, loadedAt: new Date(), rowCount: rows.length, byProduct };
}
