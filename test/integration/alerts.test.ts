/**
 * Alerts as code (deploy/prometheus): promtool checks the rules and the scrape config, runs the rule unit tests, and
 * lints the metrics the services really export (a live /metrics scrape of the api against the local services, and
 * the stage and classifier registries). Every alert has a severity, a runbook paragraph in docs/operations.md and a
 * unit test that fires and clears it; every metric a rule or a dashboard panel names is exported.
 * promtool comes from Debian's `prometheus` package (scripts/test.sh installs it when run as root); without it the
 * promtool checks are skipped with a message, the other checks still run.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { createStageMetrics } from '@reviewlens/observability';
import { countDependencyError } from '@reviewlens/queueing';
import { createClassifierMetrics, recordBatch, recordModelLoaded } from '../../apps/classifier/src/classifier-metrics';
import { startApiTestApp, type ApiTestApp } from '../../apps/api/test/api-test-app';
import { sampleValue } from '../../apps/api/test/prometheus-text';

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, 'deploy/prometheus/alerts.yml')) && existsSync(path.join(dir, 'package.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('repository root (with deploy/prometheus/alerts.yml) not found');
}

const ROOT = findRepoRoot();
const PROM_DIR = path.join(ROOT, 'deploy/prometheus');
const GRAFANA_DIR = path.join(ROOT, 'deploy/grafana/dashboards');
const OPERATIONS = path.join(ROOT, 'docs/operations.md');

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface RuleFile { groups: Array<{ name: string; rules: Rule[] }> }
interface AlertTest { eval_time: string; alertname: string; exp_alerts?: unknown[] }
interface TestFile { rule_files: string[]; tests: Array<{ name?: string; alert_rule_test?: AlertTest[] }> }

const rules = (parse(readFileSync(path.join(PROM_DIR, 'alerts.yml'), 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r): r is Rule & { alert: string } => typeof r.alert === 'string');

const promtoolFound = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_PROMTOOL = 'promtool not found (Debian: apt-get install prometheus; scripts/test.sh does it as root): check skipped';

function promtool(args: string[], input?: string) {
  const res = spawnSync('promtool', args, { cwd: PROM_DIR, encoding: 'utf8', input });
  return { status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

/** Metric names a PromQL expression reads (ReviewLens's own, prom-client's process_/nodejs_ defaults, Prometheus' `up`). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/\b(reviewlens_[a-zA-Z0-9_]+|process_[a-zA-Z0-9_]+|nodejs_[a-zA-Z0-9_]+|up)\b(?=\s*[{[)\s]|$)/g)) names.add(m[1] as string);
  return [...names];
}

interface Panel { title: string; type: string; targets?: Array<{ expr: string }>; panels?: Panel[] }

/** Every panel of a dashboard, the ones inside (collapsed) rows included. */
export function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** Series names in Prometheus text output: `# TYPE` families, histogram and summary families expanded. */
export function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [name, type] = [m[1] as string, m[2] as string];
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
  }
  return names;
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Every stage's registry with the classifier's series, one observation each (labelled series show up only once set). */
async function stageMetricsText(): Promise<string> {
  const stage = createStageMetrics('classifier');
  stage.jobs.inc({ queue: 'classify', status: 'done' });
  stage.rows.inc({ queue: 'clean', outcome: 'ok' });
  stage.jobDuration.observe({ queue: 'classify' }, 0.5);
  countDependencyError(stage.registry, 'load', Object.assign(new Error('connect ECONNREFUSED'), { $metadata: {} }));
  const classifier = createClassifierMetrics(stage.registry);
  recordBatch(classifier, 32, 800);
  recordModelLoaded(classifier, { modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: '2-test', engine: 'aspect', loadMs: 1200 } as Parameters<typeof recordModelLoaded>[1]);
  classifier.restarts.inc(0);
  return stage.registry.metrics();
}

/** promtool check metrics problems about ReviewLens's own series (Node's default metrics are not ours to rename). */
function ownMetricProblems(text: string): string[] {
  const res = promtool(['check', 'metrics'], text);
  return res.out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('reviewlens_'));
}

describe('alert rules (deploy/prometheus)', () => {
  test('promtool: rules, scrape config and the rule unit tests pass', (t) => {
    if (!promtoolFound) { t.skip(NO_PROMTOOL); return; }
    const check = promtool(['check', 'rules', 'alerts.yml']);
    assert.equal(check.status, 0, check.out);
    assert.match(check.out, new RegExp(`SUCCESS: ${rules.length} rules found`));
    const config = promtool(['check', 'config', 'prometheus.yml']);
    assert.equal(config.status, 0, config.out);
    const unit = promtool(['test', 'rules', 'alerts.test.yml']);
    assert.equal(unit.status, 0, unit.out);
  });

  test('every alert has a severity and a runbook paragraph in docs/operations.md', () => {
    assert.ok(alerts.length >= 12, `${alerts.length} alerts`);
    const headings = new Set([...readFileSync(OPERATIONS, 'utf8').matchAll(/^#{2,4} (.+)$/gm)].map((m) => headingAnchor(m[1] as string)));
    for (const a of alerts) {
      assert.ok(['critical', 'warning'].includes(a.labels?.severity ?? ''), `${a.alert}: severity critical or warning`);
      const url = a.annotations?.runbook_url ?? '';
      assert.equal(url, `docs/operations.md#${a.alert.toLowerCase()}`, `${a.alert}: runbook_url`);
      assert.ok(headings.has(a.alert.toLowerCase()), `${a.alert}: docs/operations.md has a heading "${a.alert}"`);
      assert.ok(a.annotations?.summary && a.annotations?.description, `${a.alert}: summary and description`);
    }
  });

  test('every alert is unit-tested firing, and cleared at a later time of the same test', () => {
    const file = parse(readFileSync(path.join(PROM_DIR, 'alerts.test.yml'), 'utf8')) as TestFile;
    assert.deepEqual(file.rule_files, ['alerts.yml']);
    const seconds = (d: string): number => {
      const m = /^(\d+)(s|m|h|d)$/.exec(d);
      assert.ok(m, `eval_time ${d}`);
      return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
    };
    for (const a of alerts) {
      const ok = file.tests.some((tc) => {
        const cases = (tc.alert_rule_test ?? []).filter((c) => c.alertname === a.alert);
        const fired = cases.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => seconds(c.eval_time));
        const cleared = cases.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => seconds(c.eval_time));
        return fired.some((f) => cleared.some((c) => c > f));
      });
      assert.ok(ok, `${a.alert}: a test where it fires and later clears`);
    }
  });

  test('metric name extraction reads selectors, functions and histograms', () => {
    assert.deepEqual(metricNames('sum(rate(reviewlens_x_bucket{le="1"}[5m])) > 0 or up{job="a"} == 0 and on() reviewlens_y == 0'), ['reviewlens_x_bucket', 'up', 'reviewlens_y']);
    assert.deepEqual(metricNames('sum by (job) (process_resident_memory_bytes{job=~"reviewlens-.*"}) + nodejs_eventloop_lag_p99_seconds'), ['process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds']);
    assert.deepEqual(allPanels([{ title: 'row', type: 'row', panels: [{ title: 'inner', type: 'stat' }] }]).map((p) => p.title), ['row', 'inner']);
    assert.deepEqual([...exportedNames('# HELP a_seconds x\n# TYPE a_seconds histogram\n# TYPE b_total counter\n')].sort(), ['a_seconds', 'a_seconds_bucket', 'a_seconds_count', 'a_seconds_sum', 'b_total']);
    assert.equal(headingAnchor('ReviewLensApiDown'), 'reviewlensapidown');
    assert.equal(headingAnchor('Daily, weekly & monthly routines'), 'daily-weekly--monthly-routines');
  });
});

describe('exported metrics: a live api scrape and the stage registries', () => {
  let t: ApiTestApp;
  let apiText = '';
  let stageText = '';

  before(async () => {
    t = await startApiTestApp();
    const now = Date.now();
    const run = (id: string, status: string, trigger: string, minutesAgo: number, durationMin: number | null) => ({
      _id: id, status, trigger, full: false, createdAt: new Date(now - minutesAgo * 60_000), fromCursor: null, upTo: null, cursor: null,
      batchesPublished: 1, batchCount: 1, extractedAt: null, publishClaim: null, error: status === 'failed' ? 'load: retries_exhausted' : null,
      publishedAt: durationMin === null ? null : new Date(now - (minutesAgo - durationMin) * 60_000), snapshotId: durationMin === null ? null : id,
    });
    await t.mongo.db(t.id).collection('runs').insertMany([
      run('r5', 'failed', 'api', 10, null), run('r4', 'failed', 'schedule', 60, null),
      run('r3', 'published', 'api', 120, 4), run('r2', 'published', 'schedule', 1500, 2), run('r1', 'published', 'api', 3000, 3),
    ] as never[]);
    const http = request(t.app.getHttpServer());
    await http.get('/v1/reviews/none/top');
    apiText = (await http.get('/metrics').expect(200)).text;
    stageText = await stageMetricsText();
  });
  after(async () => { await t?.close(); });

  test('the api exports the run series from the runs collection', () => {
    assert.equal(sampleValue(apiText, 'reviewlens_run_consecutive_failures'), 2);
    assert.equal(sampleValue(apiText, 'reviewlens_runs', { status: 'published' }), 3);
    assert.equal(sampleValue(apiText, 'reviewlens_run_last_duration_seconds'), 240);
    assert.equal(sampleValue(apiText, 'reviewlens_run_typical_duration_seconds'), 180);
    assert.equal(sampleValue(apiText, 'reviewlens_run_active'), 0);
    assert.equal(sampleValue(apiText, 'reviewlens_api_runs_read_ok'), 1);
    assert.equal(sampleValue(apiText, 'reviewlens_api_liveness_ok'), 1);
    const sched = sampleValue(apiText, 'reviewlens_run_last_started_timestamp_seconds', { trigger: 'schedule' }) ?? 0;
    assert.ok(Math.abs(sched - (Date.now() / 1000 - 3600)) < 120, `newest scheduled run about an hour ago (${sched})`);
  });

  test('every metric a rule reads is exported (api scrape, stage and classifier registries, or Prometheus itself)', () => {
    const exported = new Set([...exportedNames(apiText), ...exportedNames(stageText), 'up']);
    const missing = alerts.flatMap((a) => metricNames(a.expr).filter((n) => !exported.has(n)).map((n) => `${a.alert}: ${n}`));
    assert.deepEqual(missing, []);
  });

  test('every metric a dashboard panel queries is exported', (tc) => {
    if (!existsSync(GRAFANA_DIR)) { tc.skip('no deploy/grafana/dashboards'); return; }
    const exported = new Set([...exportedNames(apiText), ...exportedNames(stageText), 'up']);
    const files = readdirSync(GRAFANA_DIR).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 0);
    for (const f of files) {
      const dashboard = JSON.parse(readFileSync(path.join(GRAFANA_DIR, f), 'utf8')) as { panels: Panel[] };
      for (const p of allPanels(dashboard.panels).filter((x) => x.type !== 'row' && x.type !== 'text')) {
        const names = (p.targets ?? []).flatMap((x) => metricNames(x.expr));
        assert.ok(names.length > 0, `${f} / ${p.title}: queries a metric`);
        for (const n of names) assert.ok(exported.has(n), `${f} / ${p.title}: ${n} is not exported`);
      }
    }
  });

  test('promtool check metrics finds nothing in ReviewLens\'s own series (api scrape and stage registries)', (tc) => {
    if (!promtoolFound) { tc.skip(NO_PROMTOOL); return; }
    assert.deepEqual(ownMetricProblems(apiText), [], 'api /metrics');
    assert.deepEqual(ownMetricProblems(stageText), [], 'stage + classifier metrics');
  });
});
