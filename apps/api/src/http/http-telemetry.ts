import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '@reviewlens/queueing';
import { ApiMetrics } from '../metrics/api-metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/** Route label: the matched route pattern, never the raw URL (bounded label cardinality, no ids or query strings). */
export function routeLabel(req: FastifyRequest): string {
  return req.routeOptions?.url ?? 'unmatched';
}

/**
 * Fastify hooks for every request, Nest routes and the board alike: a request id (taken from `x-request-id` when
 * well-formed, else a UUID) echoed back, one structured access log line (path without query string, so a key passed
 * as `?api_key=` never reaches the logs; headers are not logged) and the latency histogram. (Fastify's own errors,
 * e.g. a malformed JSON body, reach the global exception filter through Nest's Fastify error handler.)
 */
@Injectable()
export class HttpTelemetry implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: ApiMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (req as { id: string }).id = id;
      void reply.header(REQUEST_ID_HEADER, id);
      done();
    });
    app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = routeLabel(req);
      const status = reply.statusCode;
      const seconds = reply.elapsedTime / 1000;
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      const path = req.url.split('?', 1)[0];
      this.logger[status >= 500 ? 'error' : 'info']({ reqId: req.id, method: req.method, route, path, status, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request');
      done();
    });
  }
}
