import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { LivenessCheck } from '@reviewlens/queueing';
import type { RunDoc, RunRepository } from '@reviewlens/store';
import { sampleValue } from '../../test/prometheus-text';
import { ApiMetrics } from './api-metrics';
import { MIN_RUNS_FOR_TYPICAL, RUN_METRICS_CACHE_MS, RunMetrics, runFacts } from './run-metrics';

const NOW = new Date('2026-12-01T12:00:00Z');
const at = (minutesAgo: number): Date => new Date(NOW.getTime() - minutesAgo * 60_000);

function run(status: string, createdMinAgo: number, opts: { trigger?: string; durationMin?: number } = {}) {
  const createdAt = at(createdMinAgo);
  const publishedAt = status === 'published' ? new Date(createdAt.getTime() + (opts.durationMin ?? 2) * 60_000) : null;
  return { status: status as RunDoc['status'], trigger: opts.trigger ?? 'api', createdAt, publishedAt };
}

describe('runFacts', () => {
  test('no runs: zeros and no per-trigger times', () => {
    assert.deepEqual(runFacts([], NOW), {
      byStatus: {}, activeRuns: 0, activeAgeSeconds: 0, consecutiveFailures: 0, lastStartedByTrigger: {}, lastDurationSeconds: 0, typicalDurationSeconds: 0,
    });
  });

  test('failures in a row are counted newest first until a published run; cancelled and active runs do not break the streak', () => {
    const runs = [run('extracting', 1), run('failed', 10), run('cancelled', 20), run('failed', 30), run('published', 40), run('failed', 50)];
    const f = runFacts(runs, NOW);
    assert.equal(f.consecutiveFailures, 2);
    assert.equal(f.activeRuns, 1);
    assert.equal(f.activeAgeSeconds, 60);
    assert.deepEqual(f.byStatus, { extracting: 1, failed: 3, cancelled: 1, published: 1 });
    assert.equal(runFacts([run('published', 5), run('failed', 10)], NOW).consecutiveFailures, 0);
    assert.equal(runFacts([run('stalled', 5), run('failed', 10)], NOW).consecutiveFailures, 2, 'stalled counts as a failure');
  });

  test('durations: last published run, and the median of the newest published runs once there are enough', () => {
    const few = runFacts([run('published', 10, { durationMin: 3 }), run('published', 100, { durationMin: 1 })], NOW);
    assert.equal(few.lastDurationSeconds, 180);
    assert.equal(few.typicalDurationSeconds, 0, `fewer than ${MIN_RUNS_FOR_TYPICAL} published runs: no usual duration`);
    const runs = [run('published', 10, { durationMin: 10 }), run('failed', 50), run('published', 100, { durationMin: 2 }), run('published', 200, { durationMin: 3 }), run('published', 300, { durationMin: 4 })];
    const f = runFacts(runs, NOW);
    assert.equal(f.lastDurationSeconds, 600);
    assert.equal(f.typicalDurationSeconds, 210, 'median of 10, 2, 3, 4 minutes = 3.5 minutes');
  });

  test('newest start per trigger', () => {
    const f = runFacts([run('published', 5, { trigger: 'api' }), run('published', 60, { trigger: 'schedule' }), run('failed', 1500, { trigger: 'schedule' })], NOW);
    assert.deepEqual(f.lastStartedByTrigger, { api: at(5).getTime() / 1000, schedule: at(60).getTime() / 1000 });
  });
});

describe('RunMetrics on /metrics', () => {
  function setUp(list: () => Promise<unknown[]>, live: { problem?: string } = {}) {
    const metrics = new ApiMetrics('api-test');
    let reads = 0;
    const repo = { list: async (n: number) => { reads += 1; assert.equal(n, 200); return list(); } } as unknown as RunRepository;
    const liveness: LivenessCheck[] = [{ name: 'mongo-monitor', problem: () => live.problem }];
    const rm = new RunMetrics(metrics, repo, liveness);
    rm.onModuleInit();
    return { metrics, rm, reads: () => reads, live };
  }

  test('a scrape exports the run series; reads are cached between scrapes', async () => {
    const s = setUp(async () => [run('failed', 1), run('failed', 30, { trigger: 'schedule' }), run('published', 60)]);
    const text = await s.metrics.registry.metrics();
    assert.equal(sampleValue(text, 'reviewlens_run_consecutive_failures'), 2);
    assert.equal(sampleValue(text, 'reviewlens_runs', { status: 'failed' }), 2);
    assert.equal(sampleValue(text, 'reviewlens_run_active'), 0);
    assert.equal(sampleValue(text, 'reviewlens_api_runs_read_ok'), 1);
    assert.equal(sampleValue(text, 'reviewlens_api_liveness_ok'), 1);
    assert.ok((sampleValue(text, 'reviewlens_run_last_started_timestamp_seconds', { trigger: 'schedule' }) ?? 0) > 0);
    assert.equal(s.reads(), 1, 'every gauge of one scrape shares one read');
    await s.metrics.registry.metrics();
    assert.equal(s.reads(), 1, `a second scrape within ${RUN_METRICS_CACHE_MS} ms reuses the read`);
    await s.rm.refresh(Date.now() + RUN_METRICS_CACHE_MS + 1);
    assert.equal(s.reads(), 2);
  });

  test('MongoDB unreachable: read_ok 0 and no stale run series; liveness follows the checks', async () => {
    const s = setUp(async () => { throw new Error('server selection timed out'); }, { problem: 'heartbeat pending 70 s' });
    const text = await s.metrics.registry.metrics();
    assert.equal(sampleValue(text, 'reviewlens_api_runs_read_ok'), 0);
    assert.equal(sampleValue(text, 'reviewlens_runs', { status: 'failed' }), null);
    assert.equal(sampleValue(text, 'reviewlens_run_consecutive_failures'), 0);
    assert.equal(sampleValue(text, 'reviewlens_api_liveness_ok'), 0);
  });
});
