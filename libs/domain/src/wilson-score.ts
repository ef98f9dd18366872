/** z for a two-sided 95% confidence interval. */
export const WILSON_Z_95 = 1.96;

/**
 * Lower bound of the Wilson score interval for a proportion of `positive` successes out of `total` trials:
 * the helpfulness we can be confident of given how few votes there are. 0 when there are no votes.
 * 5 of 5 helpful (~0.566) ranks below 100 of 100 (~0.963) and below 90 of 100 (~0.825).
 * Inputs are sanitised: non-finite or negative counts count as 0, `positive` is capped at `total`.
 */
export function wilsonLowerBound(positive: number, total: number, z: number = WILSON_Z_95): number {
  const n = Number.isFinite(total) && total > 0 ? total : 0;
  if (n === 0) return 0;
  const k = Number.isFinite(positive) ? Math.min(Math.max(positive, 0), n) : 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  const bound = (centre - margin) / (1 + z2 / n);
  return Math.min(Math.max(bound, 0), 1);
}
