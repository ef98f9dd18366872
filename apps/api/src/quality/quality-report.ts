import type { RunFreshness, RunReport } from '@reviewlens/store';

export interface ReasonRate { count: number; rate: number }

export interface QualityRun {
  runId: string;
  status: string;
  trigger: string;
  createdAt: string;
  publishedAt: string | null;
  durationMs: number | null;
  extracted: number;
  loaded: number;
  rejected: number;
  rejectRate: number;
  rejectedByReason: Record<string, ReasonRate>;
  invariantHolds: boolean | null;
  /**
   * Source updatedAt range of the rows the run took and how long its newest / oldest change waited until the run was
   * published (publishedAt − source updatedAt, seconds); null when unknown (see RunFreshness in libs/store).
   */
  freshness: RunFreshness | null;
}

export interface QualityReport {
  runs: number;
  extracted: number;
  rejected: number;
  rejectRate: number;
  rejectedByReason: Record<string, ReasonRate>;
  lastRuns: QualityRun[];
}

const rate = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1e6) / 1e6 : 0);

function byReason(counts: Record<string, number>, extracted: number): Record<string, ReasonRate> {
  return Object.fromEntries(
    Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => [reason, { count, rate: rate(count, extracted) }]),
  );
}

/**
 * Data quality over the given runs (the original vw_data_quality): reject rate overall and by reason code, the rate
 * being rejected rows / extracted rows; and each run's counts and freshness. Run errors are left out (they are ops detail, see /runs).
 */
export function buildQualityReport(reports: readonly RunReport[]): QualityReport {
  const reasons: Record<string, number> = {};
  let extracted = 0, rejected = 0;
  for (const r of reports) {
    extracted += r.counts.extracted;
    rejected += r.counts.rejected;
    for (const [reason, n] of Object.entries(r.rejectedByReason)) reasons[reason] = (reasons[reason] ?? 0) + n;
  }
  return {
    runs: reports.length, extracted, rejected, rejectRate: rate(rejected, extracted), rejectedByReason: byReason(reasons, extracted),
    lastRuns: reports.map((r) => ({
      runId: r.runId, status: r.status, trigger: r.trigger, createdAt: r.createdAt, publishedAt: r.publishedAt, durationMs: r.durationMs,
      extracted: r.counts.extracted, loaded: r.counts.loaded, rejected: r.counts.rejected, rejectRate: rate(r.counts.rejected, r.counts.extracted),
      rejectedByReason: byReason(r.rejectedByReason, r.counts.extracted), invariantHolds: r.invariantHolds,
      freshness: r.freshness ?? null,
    })),
  };
}
