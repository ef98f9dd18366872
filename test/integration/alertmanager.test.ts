/**
 * Alertmanager as code (deploy/alertmanager): the configuration template is rendered from the environment by
 * render.sh (Alertmanager does not expand variables itself), then `amtool check-config` validates it and
 * `amtool config routes test` proves that critical alerts reach the e-mail + Slack receiver and warnings the Slack one.
 * Prometheus sends its alerts to it (deploy/prometheus/prometheus.yml). amtool comes from Debian's
 * `prometheus-alertmanager` package (scripts/test.sh installs it when run as root); without it the amtool checks are
 * skipped with a message, the others still run.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, 'deploy/alertmanager/alertmanager.yml')) && existsSync(path.join(dir, 'package.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('repository root (with deploy/alertmanager/alertmanager.yml) not found');
}

const ROOT = findRepoRoot();
const AM_DIR = path.join(ROOT, 'deploy/alertmanager');
const TEMPLATE = path.join(AM_DIR, 'alertmanager.yml');
const RENDER = path.join(AM_DIR, 'render.sh');

/** Test values for every variable the template uses (not real addresses). */
const ENV: Record<string, string> = {
  ALERT_EMAIL_TO: 'oncall@example.com',
  ALERT_EMAIL_FROM: 'alertmanager@example.com',
  ALERT_SMTP_SMARTHOST: 'smtp.example.com:587',
  ALERT_SMTP_USERNAME: 'alertmanager',
  ALERT_SMTP_PASSWORD: 'test-only-password',
  ALERT_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/test-only',
  ALERT_SLACK_CHANNEL: '#reviewlens-alerts',
  ALERT_RUNBOOK_BASE_URL: 'https://git.example.com/reviewlens/blob/main/',
};

const amtoolFound = spawnSync('amtool', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_AMTOOL = 'amtool not found (Debian: apt-get install prometheus-alertmanager; scripts/test.sh does it as root): check skipped';

function render(env: Record<string, string>, output: string) {
  const res = spawnSync('sh', [RENDER, TEMPLATE, output], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  return { status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

function amtool(args: string[]) {
  const res = spawnSync('amtool', args, { encoding: 'utf8' });
  return { status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

interface Receiver { name: string; email_configs?: Array<Record<string, unknown>>; slack_configs?: Array<Record<string, unknown>> }
interface Route { receiver: string; matchers?: string[]; routes?: Route[] }
interface AmConfig { global: Record<string, unknown>; route: Route; receivers: Receiver[] }

describe('Alertmanager configuration (deploy/alertmanager)', () => {
  let dir = '';
  let rendered = '';
  let config: AmConfig;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reviewlens-am-'));
    rendered = path.join(dir, 'alertmanager.yml');
    const res = render(ENV, rendered);
    assert.equal(res.status, 0, res.out);
    config = parse(readFileSync(rendered, 'utf8')) as AmConfig;
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('render.sh fills every ${ALERT_...} from the environment and writes the file for its owner only', () => {
    const text = readFileSync(rendered, 'utf8');
    const uncommented = text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    assert.doesNotMatch(uncommented, /\$\{ALERT_/);
    assert.equal(statSync(rendered).mode & 0o077, 0, 'the rendered file holds secrets: mode 600');
    assert.equal(config.global['smtp_smarthost'], ENV['ALERT_SMTP_SMARTHOST']);
    assert.equal(config.global['slack_api_url'], ENV['ALERT_SLACK_WEBHOOK_URL']);
    assert.match(text, /Runbook: https:\/\/git\.example\.com\/reviewlens\/blob\/main\/\{\{ \.Annotations\.runbook_url \}\}/);
    // Every variable the template uses is documented in its header and set by the test.
    const used = new Set([...readFileSync(TEMPLATE, 'utf8').matchAll(/\$\{(ALERT_[A-Z0-9_]+)\}/g)].map((m) => m[1] as string));
    assert.deepEqual([...used].sort(), Object.keys(ENV).sort());
  });

  test('render.sh refuses a missing variable or a value that would break the YAML, and leaves no output', () => {
    const { ALERT_SLACK_WEBHOOK_URL: _omitted, ...withoutSlack } = ENV;
    const out = path.join(dir, 'missing.yml');
    const missing = render(withoutSlack, out);
    assert.equal(missing.status, 2, missing.out);
    assert.match(missing.out, /ALERT_SLACK_WEBHOOK_URL is not set/);
    assert.equal(existsSync(out), false);
    const quoted = render({ ...ENV, ALERT_EMAIL_TO: "o'brien@example.com" }, out);
    assert.equal(quoted.status, 2, quoted.out);
    assert.match(quoted.out, /ALERT_EMAIL_TO holds a quote/);
    assert.equal(existsSync(out), false);
  });

  test('critical alerts go to e-mail and Slack, warnings to Slack; every severity the rules use is routed', () => {
    const receivers = new Map(config.receivers.map((r) => [r.name, r]));
    const routeFor = (severity: string): string | undefined =>
      config.route.routes?.find((r) => (r.matchers ?? []).includes(`severity="${severity}"`))?.receiver;
    const critical = receivers.get(routeFor('critical') ?? '');
    assert.ok(critical, 'a route for severity="critical"');
    assert.equal(critical.email_configs?.[0]?.['to'], ENV['ALERT_EMAIL_TO']);
    assert.equal(critical.slack_configs?.[0]?.['channel'], ENV['ALERT_SLACK_CHANNEL']);
    const warning = receivers.get(routeFor('warning') ?? '');
    assert.ok(warning?.slack_configs?.length, 'a Slack receiver for severity="warning"');
    assert.equal(warning.email_configs, undefined, 'warnings do not page by e-mail');
    const rules = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string> }> }> };
    const severities = new Set(rules.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => r.labels?.severity ?? ''));
    for (const s of severities) assert.ok(routeFor(s), `severity ${s} has a route`);
  });

  test('Prometheus sends its alerts to Alertmanager', () => {
    const prom = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      alerting?: { alertmanagers?: Array<{ static_configs?: Array<{ targets?: string[] }> }> };
    };
    const targets = (prom.alerting?.alertmanagers ?? []).flatMap((a) => (a.static_configs ?? []).flatMap((s) => s.targets ?? []));
    assert.ok(targets.includes('alertmanager:9093'), `alertmanager targets: ${targets.join(', ')}`);
  });

  test('amtool: check-config passes and the routes deliver each severity to its receiver', (t) => {
    if (!amtoolFound) { t.skip(NO_AMTOOL); return; }
    const check = amtool(['check-config', rendered]);
    assert.equal(check.status, 0, check.out);
    assert.match(check.out, /SUCCESS/);
    const route = (labels: string[]): string => {
      const res = amtool(['config', 'routes', 'test', `--config.file=${rendered}`, ...labels]);
      assert.equal(res.status, 0, res.out);
      return res.out.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Warning:')).join(',');
    };
    assert.equal(route(['alertname=ReviewLensRunFailedTwice', 'severity=critical']), 'reviewlens-critical');
    assert.equal(route(['alertname=ReviewLensDeadLetterNotEmpty', 'severity=warning']), 'reviewlens-warning');
  });
});
