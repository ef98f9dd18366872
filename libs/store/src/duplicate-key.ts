/** Indexes of the documents an unordered insert refused as duplicate keys; null if anything else went wrong. */
export function duplicateKeyIndexes(err: unknown): number[] | null {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0) return null;
  const indexes: number[] = [];
  for (const e of list as { index?: unknown; code?: unknown }[]) {
    if (e.code !== 11000 || typeof e.index !== 'number') return null;
    indexes.push(e.index);
  }
  return indexes;
}
