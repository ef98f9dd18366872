import { HttpException } from '@nestjs/common';

/** The one error shape of the api: `{ error: { code, message } }` with the matching HTTP status. */
export class ApiError extends HttpException {
  constructor(status: number, readonly code: string, message: string) {
    super({ error: { code, message } }, status);
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const unprocessable = (code: string, message: string) => new ApiError(422, code, message);
export const unavailable = (message: string) => new ApiError(503, 'unavailable', message);
