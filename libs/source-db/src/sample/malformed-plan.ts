import { MALFORMED_KINDS, type MalformedKind } from './sample.types';

/**
 * Which rows are deliberately malformed: exactly floor(n * rate) of n rows, spread evenly, kinds in turn.
 * Row i is malformed when floor((i + 1) * rate) > floor(i * rate); the k-th malformed row gets kind k mod 7.
 */
export function malformedKindAt(index: number, rate: number): MalformedKind | null {
  if (rate <= 0) return null;
  const before = Math.floor(index * rate + 1e-9);
  const after = Math.floor((index + 1) * rate + 1e-9);
  if (after === before) return null;
  return MALFORMED_KINDS[before % MALFORMED_KINDS.length];
}

export function expectedMalformedCount(reviews: number, rate: number): number {
  return rate <= 0 ? 0 : Math.floor(reviews * rate + 1e-9);
}
