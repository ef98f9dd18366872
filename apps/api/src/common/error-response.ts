import { HttpException } from '@nestjs/common';
import { ApiError } from './api-error';

export interface ErrorBody { error: { code: string; message: string } }

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  406: 'not_acceptable', 409: 'conflict', 413: 'payload_too_large', 414: 'uri_too_long', 415: 'unsupported_media_type', 422: 'unprocessable',
  429: 'too_many_requests', 503: 'unavailable',
};

/**
 * Maps anything thrown while handling a request onto `{ error: { code, message } }` and a status.
 * Our own ApiErrors keep their code and message; other 4xx (Nest's 404 for unknown routes, Fastify's body parser
 * errors) keep their message; everything else is a 500 whose message says nothing about internals.
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (err instanceof ApiError) {
    return { status: err.getStatus(), body: err.getResponse() as ErrorBody, internal: false };
  }
  const status = err instanceof HttpException ? err.getStatus() : statusOfFastifyError(err);
  if (status !== null && status >= 400 && status < 500) {
    return { status, body: { error: { code: CODE_BY_STATUS[status] ?? 'client_error', message: clientMessage(err) } }, internal: false };
  }
  if (status === 503) return { status, body: { error: { code: 'unavailable', message: 'service unavailable' } }, internal: true };
  return { status: 500, body: { error: { code: 'internal', message: 'internal server error' } }, internal: true };
}

function statusOfFastifyError(err: unknown): number | null {
  const e = err as { statusCode?: unknown; code?: unknown };
  // Only Fastify's own errors (FST_*) are trusted to carry a client status.
  return typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.code.startsWith('FST_') ? e.statusCode : null;
}

function clientMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : 'request failed';
  return message.slice(0, 300);
}
