import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuQuotaThreads, parseCgroupV1Cfs, parseCgroupV2CpuMax } from './cpu-quota';

const files = (map: Record<string, string>) => (path: string) => map[path];

describe('cpuQuotaThreads', () => {
  test('parses cgroup v2 and v1 quotas', () => {
    assert.equal(parseCgroupV2CpuMax('150000 100000\n'), 1.5);
    assert.equal(parseCgroupV2CpuMax('max 100000\n'), undefined);
    assert.equal(parseCgroupV1Cfs('200000\n', '100000\n'), 2);
    assert.equal(parseCgroupV1Cfs('-1\n', '100000\n'), undefined);
  });

  test('cgroup v2 quota rounds up and is capped by the CPUs seen', () => {
    assert.equal(cpuQuotaThreads(files({ '/sys/fs/cgroup/cpu.max': '150000 100000' }), 8), 2);
    assert.equal(cpuQuotaThreads(files({ '/sys/fs/cgroup/cpu.max': '50000 100000' }), 8), 1);
    assert.equal(cpuQuotaThreads(files({ '/sys/fs/cgroup/cpu.max': '1600000 100000' }), 4), 4);
    assert.equal(cpuQuotaThreads(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }), 6), 6);
  });

  test('cgroup v1 quota, then no cgroup at all', () => {
    const v1 = files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '300000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' });
    assert.equal(cpuQuotaThreads(v1, 16), 3);
    assert.equal(cpuQuotaThreads(files({}), 5), 5);
  });

  test('real machine: at least 1 thread', () => {
    assert.ok(cpuQuotaThreads() >= 1);
  });
});
