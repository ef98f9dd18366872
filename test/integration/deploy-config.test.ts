/**
 * Deployment configuration checks: Dockerfile/.dockerignore, docker-compose.yml and k8s/ manifests against the
 * services' zod config schemas (libs/config). No engine or cluster needed: docker-compose only normalises the file,
 * kubectl only renders the kustomization (both skipped with a message when the binary is missing).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { BaseConfigSchema, SERVICE_CONFIG_SCHEMAS, type ServiceName } from '@reviewlens/config';

type Env = Record<string, string>;
type Obj = Record<string, unknown>;

const APP_SERVICES = Object.keys(SERVICE_CONFIG_SCHEMAS) as ServiceName[];
const INFRA_SERVICES = ['redis', 'postgres', 'mongo', 'minio'] as const;
/** Values for the `${VAR:?…}` variables docker-compose.yml requires (no default on purpose). Test values only. */
const REQUIRED_COMPOSE_VARS: Env = { API_KEYS: '{"deploy-config-test-key":"admin"}' };
const HEALTHY = new Set(['service_healthy', 'service_completed_successfully']);
const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
const DEFAULT_STARTUP_WAIT_MS = BaseConfigSchema.shape.STARTUP_WAIT_MS.parse(undefined);

// ------------------------------------------------------------------------------------------------ helpers

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, 'docker-compose.yml')) && existsSync(path.join(dir, 'package.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('repository root (with docker-compose.yml) not found from the test file or the working directory');
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

function schemaOf(service: ServiceName): z.AnyZodObject {
  return SERVICE_CONFIG_SCHEMAS[service] as unknown as z.AnyZodObject;
}

/** Keys that must be set: no default and not optional. */
export function requiredKeys(schema: z.AnyZodObject): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>)
    .filter(([, field]) => !field.isOptional())
    .map(([key]) => key);
}

/**
 * Compose-style interpolation of one string: `$$` -> `$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`. The braced form ends at the first `}` (as Compose v1 parses it).
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare) as string;
      const current = env[name];
      const unsetOrEmpty = current === undefined || current === '';
      switch (op) {
        case ':-': return unsetOrEmpty ? (arg ?? '') : current;
        case '-': return current === undefined ? (arg ?? '') : current;
        case ':?': if (unsetOrEmpty) throw new Error(`required variable ${name} is missing: ${arg ?? ''}`); return current;
        case '?': if (current === undefined) throw new Error(`required variable ${name} is missing: ${arg ?? ''}`); return current;
        default: return current ?? '';
      }
    },
  );
}

/** Interpolates every string value (not keys) of a parsed compose document. */
export function interpolateDeep(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, env));
  if (isObj(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, env)]));
  return node;
}

/** A compose service's `environment` (mapping or KEY=VALUE list) as strings; pass-through entries (no value) are left out. */
export function composeEnvironment(service: Obj): Env {
  const env: Env = {};
  const raw = service['environment'];
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const s = String(entry);
      const eq = s.indexOf('=');
      if (eq > 0) env[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else if (isObj(raw)) {
    for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) env[k] = String(v);
  }
  return env;
}

/** Every key must belong to the service's schema and the whole env must pass it. Returns problems, [] when fine. */
export function checkServiceEnv(service: ServiceName, env: Env): string[] {
  const schema = schemaOf(service);
  const known = new Set(Object.keys(schema.shape));
  const errors = Object.keys(env).filter((k) => !known.has(k)).map((k) => `${service}: ${k} is not in its config schema`);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`${service}: ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  }
  return errors;
}

/** Infrastructure a service needs, derived from the keys its schema requires or sets. */
export function infraNeeds(service: ServiceName): string[] {
  const schema = schemaOf(service);
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const required = new Set(requiredKeys(schema));
  const needs: string[] = [];
  if ('REDIS_URL' in shape) needs.push('redis');
  if ('MONGO_URL' in shape) needs.push('mongo');
  if (required.has('SOURCE_DATABASE_URL')) needs.push('postgres');
  if (required.has('S3_ACCESS_KEY_ID')) needs.push('minio');
  return needs;
}

/** Compose duration ("75s", "1m30s", "500ms") in milliseconds; NaN when unreadable. */
export function durationMs(value: unknown): number {
  const s = String(value ?? '').trim();
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== s) return Number.NaN;
  const unit: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2] as string] as number), 0);
}

/** A server reachable from outside its container/pod must not bind loopback (only services whose schema has HOST). */
function hostErrors(service: ServiceName, env: Env, where: string): string[] {
  if (!('HOST' in schemaOf(service).shape)) return [];
  return ['0.0.0.0', '::'].includes(env['HOST'] ?? '') ? [] : [`${where}: HOST must be 0.0.0.0 (or ::) to be reachable`];
}

/**
 * Healthcheck, command, depends_on (with a health/completion condition), a stop grace period longer than
 * SHUTDOWN_GRACE_MS (Docker's default is 10 s) and a non-loopback HOST, for one app service in compose.
 */
export function checkComposeAppService(name: ServiceName, service: Obj): string[] {
  const errors: string[] = [];
  const env = composeEnvironment(service);
  const graceMs = Number(env['SHUTDOWN_GRACE_MS'] ?? DEFAULT_SHUTDOWN_GRACE_MS);
  const stopMs = service['stop_grace_period'] === undefined ? 10_000 : durationMs(service['stop_grace_period']);
  if (!(stopMs > graceMs)) errors.push(`${name}: stop_grace_period must exceed SHUTDOWN_GRACE_MS ${graceMs} ms`);
  errors.push(...hostErrors(name, env, name));
  const healthcheck = obj(service['healthcheck']);
  if (!healthcheck['test'] || healthcheck['disable'] === true) errors.push(`${name}: no healthcheck`);
  const command = Array.isArray(service['command']) ? service['command'].join(' ') : String(service['command'] ?? '');
  if (!command.includes(`dist/apps/${name}/main.js`)) errors.push(`${name}: command does not start dist/apps/${name}/main.js`);
  const dependsOn = obj(service['depends_on']);
  for (const infra of infraNeeds(name)) {
    const condition = obj(dependsOn[infra])['condition'];
    if (typeof condition !== 'string' || !HEALTHY.has(condition)) {
      errors.push(`${name}: depends_on ${infra} lacks condition service_healthy`);
    }
  }
  return errors;
}

/** Redis must keep every BullMQ key (noeviction) and survive restarts (AOF). */
export function checkRedisCommand(command: unknown): string[] {
  const cmd = Array.isArray(command) ? command.join(' ') : String(command ?? '');
  const errors: string[] = [];
  if (!/--maxmemory-policy\s+noeviction\b/.test(cmd)) errors.push('redis: --maxmemory-policy noeviction missing');
  if (!/--appendonly\s+yes\b/.test(cmd)) errors.push('redis: --appendonly yes missing');
  return errors;
}

interface K8sDoc { kind: string; name: string; doc: Obj }

export function parseK8sDocs(text: string, file: string): K8sDoc[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0]?.message}`);
      return d.toJS() as unknown;
    })
    .filter(isObj)
    .map((doc) => ({ kind: String(doc['kind']), name: String(obj(doc['metadata'])['name']), doc }));
}

/** ConfigMap `data` / Secret `stringData`+`data` keys with their literal values, by name. */
function dataByName(docs: K8sDoc[], kind: 'ConfigMap' | 'Secret'): Map<string, Env> {
  const out = new Map<string, Env>();
  for (const d of docs.filter((x) => x.kind === kind)) {
    const data: Env = {};
    for (const field of kind === 'Secret' ? ['data', 'stringData'] : ['data']) {
      for (const [k, v] of Object.entries(obj(d.doc[field]))) data[k] = String(v ?? '');
    }
    out.set(d.name, data);
  }
  return out;
}

/** Path a probe checks: httpGet.path, or the path an exec probe fetches on 127.0.0.1:$PORT. */
export function probePath(container: Obj, probe: string): string | undefined {
  const handler = obj(container[probe]);
  const httpGet = obj(handler['httpGet']);
  if (typeof httpGet['path'] === 'string') return httpGet['path'];
  const command = obj(handler['exec'])['command'];
  const text = Array.isArray(command) ? command.join(' ') : '';
  return /127\.0\.0\.1:'\s*\+\s*process\.env\.PORT\s*\+\s*'(\/[\w-]+)'/.exec(text)?.[1];
}

/** Whole number of CPUs in a Kubernetes quantity ("2", 2, "2000m"); undefined when fractional or missing. */
function wholeCpus(quantity: unknown): number | undefined {
  if (quantity === undefined || quantity === null) return undefined;
  const s = String(quantity);
  const cpus = s.endsWith('m') ? Number(s.slice(0, -1)) / 1000 : Number(s);
  return Number.isInteger(cpus) && cpus > 0 ? cpus : undefined;
}

/**
 * One Deployment against its service schema: probes, resources, env keys (ConfigMaps + Secrets + env) cover the
 * required keys and hold nothing else, literal values are valid, the probe port is the PORT the service listens on
 * and the termination grace period outlasts SHUTDOWN_GRACE_MS.
 */
export function checkDeployment(deployment: Obj, configMaps: Map<string, Env>, secrets: Map<string, Env>): string[] {
  const podSpec = obj(obj(obj(deployment['spec'])['template'])['spec']);
  const containers = Array.isArray(podSpec['containers']) ? podSpec['containers'].filter(isObj) : [];
  const deploymentName = String(obj(deployment['metadata'])['name']);
  if (containers.length !== 1) return [`${deploymentName}: expected exactly one container`];
  const container = containers[0] as Obj;
  const args = [...(Array.isArray(container['command']) ? container['command'] : []), ...(Array.isArray(container['args']) ? container['args'] : [])].join(' ');
  const service = APP_SERVICES.find((s) => args.includes(`dist/apps/${s}/main.js`));
  if (!service) return [`${deploymentName}: container does not start any dist/apps/<service>/main.js`];
  const errors: string[] = [];
  const where = `${deploymentName} (${service})`;

  // Environment: keys from every source, literal values from ConfigMaps and env[].value.
  const keys = new Set<string>();
  const literals: Env = {};
  for (const source of Array.isArray(container['envFrom']) ? container['envFrom'].filter(isObj) : []) {
    const cmName = obj(source['configMapRef'])['name'];
    const secretName = obj(source['secretRef'])['name'];
    if (typeof cmName === 'string') {
      const data = configMaps.get(cmName);
      if (!data) { errors.push(`${where}: ConfigMap ${cmName} not found in k8s/`); continue; }
      for (const [k, v] of Object.entries(data)) { keys.add(k); literals[k] = v; }
    } else if (typeof secretName === 'string') {
      const data = secrets.get(secretName);
      if (!data) { errors.push(`${where}: Secret ${secretName} not found in k8s/ (template)`); continue; }
      for (const k of Object.keys(data)) { keys.add(k); delete literals[k]; }
    }
  }
  for (const entry of Array.isArray(container['env']) ? container['env'].filter(isObj) : []) {
    const name = String(entry['name']);
    keys.add(name);
    if (typeof entry['value'] === 'string') literals[name] = entry['value'];
    else delete literals[name];
  }
  const schema = schemaOf(service);
  const known = new Set(Object.keys(schema.shape));
  errors.push(...hostErrors(service, literals, where));
  for (const k of keys) if (!known.has(k)) errors.push(`${where}: ${k} is not in its config schema`);
  for (const k of requiredKeys(schema)) if (!keys.has(k)) errors.push(`${where}: required ${k} is not set`);
  const partial = schema.partial().safeParse(literals);
  if (!partial.success) {
    for (const issue of partial.error.issues) errors.push(`${where}: ${issue.path.join('.')}: ${issue.message}`);
  }

  // Probes: /ready for the api's readiness, /health otherwise, on the port the service listens on.
  const wantReady = service === 'api' ? '/ready' : '/health';
  if (probePath(container, 'readinessProbe') !== wantReady) errors.push(`${where}: readinessProbe must GET ${wantReady}`);
  if (probePath(container, 'livenessProbe') !== '/health') errors.push(`${where}: livenessProbe must GET /health`);
  const ports = Array.isArray(container['ports']) ? container['ports'].filter(isObj) : [];
  const listenPort = Number(literals['PORT'] ?? (service === 'api' ? 3000 : 0));
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const port = obj(obj(container[probe])['httpGet'])['port'];
    if (port === undefined) continue;
    const number = typeof port === 'number' ? port : Number(ports.find((p) => p['name'] === port)?.['containerPort']);
    if (number !== listenPort) errors.push(`${where}: ${probe} port ${String(port)} is not PORT ${listenPort}`);
  }

  // Start-up may wait STARTUP_WAIT_MS for MongoDB and S3 before /health answers: the startupProbe must allow that long.
  const startup = obj(container['startupProbe']);
  const startupWaitMs = Number(literals['STARTUP_WAIT_MS'] ?? DEFAULT_STARTUP_WAIT_MS);
  const allowedMs = Number(startup['periodSeconds'] ?? 10) * Number(startup['failureThreshold'] ?? 3) * 1000;
  if (probePath(container, 'startupProbe') !== '/health') errors.push(`${where}: startupProbe must GET /health`);
  else if (allowedMs < startupWaitMs) errors.push(`${where}: startupProbe allows ${allowedMs / 1000} s < STARTUP_WAIT_MS ${startupWaitMs} ms`);

  // Resources: requests and limits for cpu and memory; the classifier needs a whole-CPU limit (ORT threads).
  const resources = obj(container['resources']);
  for (const kind of ['requests', 'limits']) {
    for (const res of ['cpu', 'memory']) {
      if (obj(resources[kind])[res] === undefined) errors.push(`${where}: resources.${kind}.${res} missing`);
    }
  }
  if (service === 'classifier' && wholeCpus(obj(resources['limits'])['cpu']) === undefined) {
    errors.push(`${where}: resources.limits.cpu must be a whole number of CPUs (ORT threads derive from it)`);
  }

  // Graceful shutdown must fit in the termination grace period (plus 5 s for preStop / margin).
  const graceMs = Number(literals['SHUTDOWN_GRACE_MS'] ?? DEFAULT_SHUTDOWN_GRACE_MS);
  const terminationMs = Number(podSpec['terminationGracePeriodSeconds'] ?? 30) * 1000;
  if (terminationMs < graceMs + 5_000) {
    errors.push(`${where}: terminationGracePeriodSeconds ${terminationMs / 1000} < SHUTDOWN_GRACE_MS ${graceMs} ms + 5 s`);
  }
  return errors;
}

/**
 * Paths the Dockerfile COPYs from the build context that .dockerignore excludes (the path or a parent folder is
 * listed, with no `!` exception for it). Literal entries only: glob patterns are not evaluated.
 */
export function excludedCopySources(dockerfile: string, dockerignore: string): string[] {
  const lines = dockerignore.split('\n').map((l) => l.trim().replace(/\/$/, '')).filter((l) => l && !l.startsWith('#'));
  const ignored = lines.filter((l) => !l.startsWith('!'));
  const exceptions = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  const covers = (entry: string, src: string): boolean => src === entry || src.startsWith(`${entry}/`);
  const excluded: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^COPY\s+(?!--from)(?:--\S+\s+)*(.+)$/.exec(line.trim());
    if (!m) continue;
    for (const raw of (m[1] as string).split(/\s+/).slice(0, -1)) {
      const src = raw.replace(/^\.\//, '').replace(/\/$/, '');
      if (ignored.some((e) => covers(e, src)) && !exceptions.some((e) => covers(e, src))) excluded.push(raw);
    }
  }
  return excluded;
}

// ------------------------------------------------------------------------------------------------ fixtures

const ROOT = findRepoRoot();
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const K8S_DIR = path.join(ROOT, 'k8s');

function loadCompose(env: Record<string, string | undefined> = REQUIRED_COMPOSE_VARS): Obj {
  // Defaults only (plus the required test values): the host environment must not change what is checked.
  const raw = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as unknown;
  return obj(interpolateDeep(raw, env));
}

function loadK8s(): K8sDoc[] {
  return readdirSync(K8S_DIR)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .flatMap((f) => parseK8sDocs(readFileSync(path.join(K8S_DIR, f), 'utf8'), f));
}

function composeBinary(): string[] | undefined {
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  return undefined;
}

// ------------------------------------------------------------------------------------------------ tests

describe('checker functions (negative cases: each check can fail)', () => {
  test('interpolate follows compose rules', () => {
    assert.equal(interpolate('a${X:-d}b', {}), 'adb');
    assert.equal(interpolate('${X:-d}', { X: '' }), 'd');
    assert.equal(interpolate('${X-d}', { X: '' }), '');
    assert.equal(interpolate('${X:-d} $X $$X', { X: 'v' }), 'v v $X');
    assert.throws(() => interpolate('${X:?set X}', {}), /X is missing: set X/);
  });

  test('dropping a required env var is caught', () => {
    const compose = loadCompose();
    const env = composeEnvironment(obj(obj(compose['services'])['extractor']));
    assert.deepEqual(checkServiceEnv('extractor', env), []);
    delete env['PSEUDONYM_SALT'];
    const errors = checkServiceEnv('extractor', env);
    assert.ok(errors.some((e) => e.includes('PSEUDONYM_SALT')), errors.join('\n'));
  });

  test('an env var outside the schema and an invalid value are caught', () => {
    const env = composeEnvironment(obj(obj(loadCompose()['services'])['archiver']));
    assert.ok(checkServiceEnv('archiver', { ...env, S3_BUCKET: 'reviewlens' }).some((e) => e.includes('S3_BUCKET is not in')));
    assert.ok(checkServiceEnv('archiver', { ...env, REDIS_URL: 'http://redis' }).some((e) => e.includes('REDIS_URL')));
  });

  test('a missing health condition, healthcheck or redis setting is caught', () => {
    const api = structuredClone(obj(obj(loadCompose()['services'])['api']));
    assert.deepEqual(checkComposeAppService('api', api), []);
    obj(api['depends_on'])['redis'] = { condition: 'service_started' };
    delete api['healthcheck'];
    delete api['stop_grace_period'];
    obj(api['environment'])['HOST'] = '127.0.0.1';
    const errors = checkComposeAppService('api', api);
    assert.ok(errors.some((e) => e.includes('stop_grace_period')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('HOST must be')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('depends_on redis')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('no healthcheck')), errors.join('\n'));
    assert.deepEqual(checkRedisCommand(['redis-server', '--appendonly', 'yes']), ['redis: --maxmemory-policy noeviction missing']);
  });

  test('a k8s Deployment missing a Secret, a probe or a CPU limit is caught', () => {
    const docs = loadK8s();
    const configMaps = dataByName(docs, 'ConfigMap');
    const secrets = dataByName(docs, 'Secret');
    const find = (name: string): Obj => structuredClone((docs.find((d) => d.kind === 'Deployment' && d.name === name) as K8sDoc).doc);

    const extractor = find('reviewlens-extractor');
    assert.deepEqual(checkDeployment(extractor, configMaps, secrets), []);
    const container = obj((obj(obj(obj(extractor['spec'])['template'])['spec'])['containers'] as unknown[])[0]);
    container['envFrom'] = (container['envFrom'] as Obj[]).filter((s) => obj(s['secretRef'])['name'] !== 'reviewlens-extractor-secrets');
    delete container['readinessProbe'];
    const errors = checkDeployment(extractor, configMaps, secrets);
    assert.ok(errors.some((e) => e.includes('required SOURCE_DATABASE_URL')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('required PSEUDONYM_SALT')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('readinessProbe')), errors.join('\n'));

    const classifier = find('reviewlens-classifier');
    const c = obj((obj(obj(obj(classifier['spec'])['template'])['spec'])['containers'] as unknown[])[0]);
    obj(obj(c['resources'])['limits'])['cpu'] = '1500m';
    obj(classifier['spec'])['template'] = { ...obj(obj(classifier['spec'])['template']), spec: { ...obj(obj(obj(classifier['spec'])['template'])['spec']), terminationGracePeriodSeconds: 30 } };
    const cErrors = checkDeployment(classifier, configMaps, secrets);
    assert.ok(cErrors.some((e) => e.includes('whole number of CPUs')), cErrors.join('\n'));
    assert.ok(cErrors.some((e) => e.includes('terminationGracePeriodSeconds')), cErrors.join('\n'));
  });

  test('durationMs reads compose durations', () => {
    assert.equal(durationMs('1m30s'), 90_000);
    assert.equal(durationMs('75s'), 75_000);
    assert.ok(Number.isNaN(durationMs('soon')));
  });

  test('probePath reads httpGet and exec probes', () => {
    const exec = { exec: { command: ['node', '-e', "fetch('http://127.0.0.1:'+process.env.PORT+'/ready').then(() => 0)"] } };
    assert.equal(probePath({ readinessProbe: exec }, 'readinessProbe'), '/ready');
    assert.equal(probePath({ livenessProbe: { httpGet: { path: '/health', port: 8080 } } }, 'livenessProbe'), '/health');
    assert.equal(probePath({ livenessProbe: { exec: { command: ['true'] } } }, 'livenessProbe'), undefined);
  });

  test('a COPY source excluded by .dockerignore is caught', () => {
    assert.deepEqual(excludedCopySources('COPY libs ./libs\nCOPY --from=build /app/dist ./dist', 'libs\n'), ['libs']);
    assert.deepEqual(excludedCopySources('COPY scripts/models ./scripts/models', 'scripts\n'), ['scripts/models']);
    assert.deepEqual(excludedCopySources('COPY scripts/models ./scripts/models', 'scripts\n!scripts/models\n'), []);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const dockerignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');

  test('multi-stage on node:24-bookworm-slim, non-root, production, healthcheck', () => {
    for (const stage of ['deps', 'build', 'models', 'runtime']) assert.match(dockerfile, new RegExp(`^FROM \\S+ AS ${stage}$`, 'm'));
    assert.match(dockerfile, /^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    assert.match(dockerfile, /ONNXRUNTIME_NODE_INSTALL_CUDA=skip/);
    assert.match(dockerfile, /npm ci/);
    assert.match(dockerfile, /npm prune --omit=dev/);
    assert.match(dockerfile, /ARG SKIP_MODELS=/);
    assert.match(dockerfile, /NODE_ENV=production/);
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    assert.ok(users.length > 0 && !['root', '0', '0:0'].includes(users[users.length - 1] as string), 'last USER must not be root');
    assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/health/m);
    assert.match(dockerfile, /dist\/apps\/\$\{SERVICE/);
  });

  test('.dockerignore keeps local state out and does not hide COPY sources', () => {
    const entries = new Set(dockerignore.split('\n').map((l) => l.trim()));
    for (const e of ['node_modules', 'dist', '.cache', '.services', '.git']) assert.ok(entries.has(e), `${e} not ignored`);
    assert.deepEqual(excludedCopySources(dockerfile, dockerignore), []);
  });

  test('the dependency patches are in the image before npm ci runs patch-package', () => {
    const copyPatches = dockerfile.search(/^COPY patches \.\/patches$/m);
    const install = dockerfile.search(/^RUN .*npm ci/m);
    assert.ok(copyPatches > 0, 'COPY patches ./patches');
    assert.ok(copyPatches < install, 'patches/ is copied before npm ci, whose postinstall applies it');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts['postinstall'] ?? '', /patch-package --error-on-fail/);
  });

  test('every path the Dockerfile COPYs from the context exists', () => {
    const sources = [...dockerfile.matchAll(/^COPY\s+(?!--from)(?:--\S+\s+)*(.+)$/gm)]
      .flatMap((m) => (m[1] as string).split(/\s+/).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const src of sources) assert.ok(existsSync(path.join(ROOT, src)), `COPY source ${src} does not exist`);
  });
});

describe('docker-compose.yml', () => {
  test('docker-compose config normalises the file', (t) => {
    const bin = composeBinary();
    if (!bin) {
      t.skip('docker-compose binary not found (apt-get install docker-compose, or the docker compose plugin): config check skipped');
      return;
    }
    const [cmd, ...pre] = bin as [string, ...string[]];
    const run = spawnSync(cmd, [...pre, '-f', COMPOSE_FILE, 'config'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...REQUIRED_COMPOSE_VARS },
    });
    assert.equal(run.status, 0, `compose config failed:\n${run.stderr}`);
    assert.match(run.stdout, /^services:/m);
    for (const s of [...APP_SERVICES, ...INFRA_SERVICES]) assert.match(run.stdout, new RegExp(`^  ${s}:`, 'm'));
  });

  test('API_KEYS has no default: compose refuses to start without it', () => {
    assert.throws(() => loadCompose({}), /API_KEYS is missing/);
  });

  const services = obj(loadCompose()['services']);

  test('all six services and the infrastructure exist', () => {
    for (const s of [...APP_SERVICES, ...INFRA_SERVICES, 'minio-init']) assert.ok(isObj(services[s]), `service ${s} missing`);
  });

  for (const name of APP_SERVICES) {
    test(`${name}: environment passes its schema, healthcheck, depends_on healthy infrastructure`, () => {
      const service = obj(services[name]);
      assert.deepEqual(checkServiceEnv(name, composeEnvironment(service)), []);
      assert.deepEqual(checkComposeAppService(name, service), []);
    });
  }

  test('infrastructure has healthchecks; redis runs noeviction + AOF; bucket is created once', () => {
    for (const s of INFRA_SERVICES) assert.ok(obj(obj(services[s])['healthcheck'])['test'], `${s} has no healthcheck`);
    assert.deepEqual(checkRedisCommand(obj(services['redis'])['command']), []);
    assert.equal(obj(obj(obj(services['minio-init'])['depends_on'])['minio'])['condition'], 'service_healthy');
    for (const name of APP_SERVICES.filter((s) => infraNeeds(s).includes('minio'))) {
      assert.equal(obj(obj(obj(services[name])['depends_on'])['minio-init'])['condition'], 'service_completed_successfully', name);
    }
  });

  test('classifier runs 2 replicas with a CPU limit and no fixed host port', () => {
    const classifier = obj(services['classifier']);
    const deploy = obj(classifier['deploy']);
    assert.equal(Number(deploy['replicas']), 2);
    assert.ok(obj(obj(deploy['resources'])['limits'])['cpus'], 'classifier needs a CPU limit (ORT threads derive from it)');
    assert.equal(classifier['ports'], undefined);
    assert.equal(classifier['container_name'], undefined);
  });

  test('no value in the file looks like a real secret (only local-only defaults)', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    for (const key of ['PSEUDONYM_SALT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'POSTGRES_PASSWORD', 'MONGO_PASSWORD']) {
      for (const m of text.matchAll(new RegExp(`\\$\\{${key}:-([^}]*)\\}`, 'g'))) {
        assert.match(m[1] as string, /^local-only-/, `${key} default must be a local-only placeholder`);
      }
    }
  });
});

describe('k8s manifests', () => {
  const docs = loadK8s();
  const configMaps = dataByName(docs, 'ConfigMap');
  const secrets = dataByName(docs, 'Secret');
  const deployments = docs.filter((d) => d.kind === 'Deployment');

  test('a Deployment per service, plus Namespace, ConfigMap, Secret template, api Service + Ingress, classifier HPA', () => {
    assert.equal(deployments.length, APP_SERVICES.length);
    for (const kind of ['Namespace', 'ConfigMap', 'Secret', 'Service', 'Ingress', 'HorizontalPodAutoscaler']) {
      assert.ok(docs.some((d) => d.kind === kind), `${kind} missing`);
    }
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler') as K8sDoc;
    assert.equal(obj(obj(hpa.doc['spec'])['scaleTargetRef'])['name'], 'reviewlens-classifier');
    const ingress = docs.find((d) => d.kind === 'Ingress') as K8sDoc;
    assert.match(JSON.stringify(ingress.doc), /"name":"reviewlens-api"/);
  });

  test('the Secret template holds no values', () => {
    for (const [name, data] of secrets) for (const [k, v] of Object.entries(data)) assert.equal(v, '', `${name}.${k} has a value`);
  });

  for (const d of deployments) {
    test(`${d.name}: probes, resources, env covers its schema`, () => {
      assert.deepEqual(checkDeployment(d.doc, configMaps, secrets), []);
    });
  }

  test('kubectl kustomize renders the base', (t) => {
    if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
      t.skip('kubectl not found: kustomize render check skipped');
      return;
    }
    const run = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((run.stdout.match(/^kind: Deployment$/gm) ?? []).length, APP_SERVICES.length);
    assert.doesNotMatch(run.stdout, /^kind: Secret$/m, 'the Secret template must not be applied by kustomize');
  });
});
