import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

type ReadFile = (path: string) => string | undefined;

const readIfExists: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** CPUs allowed by a cgroup v2 `cpu.max` line ("<quota> <period>" or "max <period>"); undefined = no limit. */
export function parseCgroupV2CpuMax(text: string): number | undefined {
  const [quota, period] = text.trim().split(/\s+/);
  if (!quota || quota === 'max') return undefined;
  const q = Number(quota);
  const p = Number(period ?? 100_000);
  return q > 0 && p > 0 ? q / p : undefined;
}

/** CPUs allowed by cgroup v1 cfs quota/period files (quota -1 = no limit). */
export function parseCgroupV1Cfs(quotaText: string, periodText: string): number | undefined {
  const q = Number(quotaText.trim());
  const p = Number(periodText.trim());
  return q > 0 && p > 0 ? q / p : undefined;
}

/**
 * Threads worth giving ONNX Runtime: the container CPU quota (cgroup v2 `/sys/fs/cgroup/cpu.max`, else cgroup v1
 * `cpu.cfs_quota_us`/`cpu.cfs_period_us`) rounded up, never more than the CPUs Node sees;
 * without a quota, `os.availableParallelism()`.
 */
export function cpuQuotaThreads(read: ReadFile = readIfExists, cpus: number = availableParallelism()): number {
  let quota: number | undefined;
  const v2 = read('/sys/fs/cgroup/cpu.max');
  if (v2 !== undefined) {
    quota = parseCgroupV2CpuMax(v2);
  } else {
    const q = read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') ?? read('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us');
    const p = read('/sys/fs/cgroup/cpu/cpu.cfs_period_us') ?? read('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us');
    if (q !== undefined && p !== undefined) quota = parseCgroupV1Cfs(q, p);
  }
  const limit = quota === undefined ? cpus : Math.ceil(quota);
  return Math.max(1, Math.min(limit, cpus));
}
