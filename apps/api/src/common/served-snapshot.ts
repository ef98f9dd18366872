import { unavailable } from './api-error';
import type { SnapshotIndex } from '../snapshot/snapshot-index';

/** The index a request works on, read once so a hot swap mid-request cannot mix two snapshots. 503 before the first load. */
export function servedSnapshot(index: SnapshotIndex | null): SnapshotIndex {
  if (!index) throw unavailable('no snapshot is loaded yet');
  return index;
}
