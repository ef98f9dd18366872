import { z } from 'zod';

/** Product ids as they appear in the source: printable text, up to 100 characters (Fastify's path parameter limit). */
export const ProductIdParam = z.string().trim().min(1).max(100).refine((v) => !/[\u0000-\u001f]/.test(v), 'must not contain control characters');

export const RunIdParam = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'run id: 1-80 chars of [A-Za-z0-9_.-]');
