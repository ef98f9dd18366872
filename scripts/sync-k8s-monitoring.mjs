#!/usr/bin/env node
// Copies the monitoring-as-code files into the Kubernetes kustomization (k8s/monitoring), which kustomize can only
// read from inside k8s/:
//   deploy/prometheus/alerts.yml        -> k8s/monitoring/prometheus-rule.yaml  (PrometheusRule, spec = the rule file)
//   deploy/grafana/dashboards/*.json    -> k8s/monitoring/dashboards/*.json     (ConfigMaps via configMapGenerator)
// Usage: node scripts/sync-k8s-monitoring.mjs [--check]   (--check: exit 1 and name the stale files, write nothing)
// test/integration/k8s-monitoring.test.ts fails when the copies drift from deploy/.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const rulesFile = join(root, 'deploy/prometheus/alerts.yml');
const dashboardsDir = join(root, 'deploy/grafana/dashboards');
const outDir = join(root, 'k8s/monitoring');

/** The PrometheusRule object: the rule file's `groups:` block, indented under `spec:`, comments kept. */
export function prometheusRule(alertsYml) {
  const lines = alertsYml.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^groups:\s*$/.test(l));
  if (start < 0) throw new Error('deploy/prometheus/alerts.yml: no top-level "groups:" line');
  const body = lines.slice(start).map((l) => (l === '' ? '' : `  ${l}`)).join('\n').replace(/\n*$/, '\n');
  return [
    '# GENERATED from deploy/prometheus/alerts.yml by scripts/sync-k8s-monitoring.mjs: edit the rule file, then run the',
    '# script. Needs the Prometheus Operator (monitoring.coreos.com CRDs); its Prometheus must select this object',
    '# (ruleSelector / ruleNamespaceSelector, often a `release` label: add it in k8s/monitoring/kustomization.yaml).',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: reviewlens',
    '  labels:',
    '    app.kubernetes.io/name: reviewlens-alerts',
    'spec:',
    body,
  ].join('\n').replace(/\n+$/, '\n');
}

const wanted = new Map([[join(outDir, 'prometheus-rule.yaml'), prometheusRule(readFileSync(rulesFile, 'utf8'))]]);
const dashboards = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json')).sort();
for (const f of dashboards) wanted.set(join(outDir, 'dashboards', f), readFileSync(join(dashboardsDir, f), 'utf8'));
const extra = existsSync(join(outDir, 'dashboards'))
  ? readdirSync(join(outDir, 'dashboards')).filter((f) => f.endsWith('.json') && !dashboards.includes(f)).map((f) => join(outDir, 'dashboards', f))
  : [];

const stale = [...wanted].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([file]) => file);
if (check) {
  for (const f of [...stale, ...extra]) console.error(`stale: ${f.slice(root.length)}`);
  process.exit(stale.length + extra.length ? 1 : 0);
}
for (const file of stale) { writeFileSync(file, wanted.get(file)); console.log(`wrote ${file.slice(root.length)}`); }
for (const file of extra) { rmSync(file); console.log(`removed ${file.slice(root.length)}`); }
const kustomization = readFileSync(join(outDir, 'kustomization.yaml'), 'utf8');
for (const f of dashboards) {
  if (!kustomization.includes(`dashboards/${f}`)) console.error(`warning: k8s/monitoring/kustomization.yaml does not list dashboards/${f} in its configMapGenerator`);
}
