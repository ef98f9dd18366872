import { Controller, Get, Header, HttpException, Inject } from '@nestjs/common';
import type { StageMetrics } from '@reviewlens/observability';
import { HEALTH_DETAILS, LIVENESS_CHECKS, READINESS_CHECKS, SERVICE_NAME, STAGE_METRICS, type HealthDetail, type LivenessCheck, type ReadinessCheck } from './tokens';

/** Liveness (no I/O; 503 when the process is wedged and needs a restart), readiness (dependencies answer) and Prometheus metrics for every service. */
@Controller()
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(STAGE_METRICS) private readonly metrics: StageMetrics,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(HEALTH_DETAILS) private readonly details: HealthDetail[],
    @Inject(LIVENESS_CHECKS) private readonly liveness: LivenessCheck[],
  ) {}

  @Get('health')
  health(): { status: 'ok'; service: string; uptimeSec: number; [detail: string]: unknown } {
    assertLive(this.service, this.liveness);
    const extra = Object.fromEntries(this.details.map((d) => [d.name, d.read()]));
    return { status: 'ok', service: this.service, uptimeSec: Math.round(process.uptime()), ...extra };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, string> }> {
    const results = await Promise.all(this.checks.map(async (c) => {
      try {
        await withTimeout(c.check(), 2_000);
        return [c.name, 'ok'] as const;
      } catch (err) {
        return [c.name, `down: ${(err as Error).message}`] as const;
      }
    }));
    const checks = Object.fromEntries(results);
    if (results.some(([, v]) => v !== 'ok')) throw new HttpException({ status: 'not_ready', checks }, 503);
    return { status: 'ready', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> { return this.metrics.registry.metrics(); }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

/** /health's 503 `{status: 'unhealthy', service, problems}` when a liveness check fails (every service, api included). */
export function assertLive(service: string, checks: LivenessCheck[]): void {
  const problems = livenessProblems(checks);
  if (problems) throw new HttpException({ status: 'unhealthy', service, problems }, 503);
}

/** The failing liveness checks by name, or undefined when the process is live. */
export function livenessProblems(checks: LivenessCheck[]): Record<string, string> | undefined {
  const failing = checks.map((c) => [c.name, c.problem()] as const).filter((e): e is readonly [string, string] => e[1] !== undefined);
  return failing.length ? Object.fromEntries(failing) : undefined;
}
