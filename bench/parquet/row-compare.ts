import type { FlatRow } from './parquet-lib-adapters';

export interface CompareResult { mismatches: number; first?: string }

/** Exact comparison: same row count, every column equal (numbers by Object.is, absent treated as null). */
export function compareRows(expected: readonly FlatRow[], actual: readonly Record<string, unknown>[], columns: readonly string[]): CompareResult {
  if (expected.length !== actual.length) {
    return { mismatches: Math.abs(expected.length - actual.length), first: `row count ${actual.length} != ${expected.length}` };
  }
  let mismatches = 0;
  let first: string | undefined;
  for (let i = 0; i < expected.length; i++) {
    for (const c of columns) {
      const want = expected[i][c];
      const got = actual[i][c] ?? null;
      if (!Object.is(want, got)) {
        mismatches++;
        first ??= `row ${i} ${c}: got ${JSON.stringify(got)?.slice(0, 60)} want ${JSON.stringify(want)?.slice(0, 60)}`;
      }
    }
  }
  return { mismatches, first };
}
