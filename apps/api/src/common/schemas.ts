import { z } from 'zod';
import { coerceId } from '@reviewlens/domain';

/**
 * Product ids by the pipeline's own rule (`coerceId`: padding dropped, no control characters, at most
 * `MAX_ID_LENGTH` characters), so every product id the cleaner accepts can be asked for, and is looked up in the
 * form the cleaner stored it.
 */
export const ProductIdParam = z.string().transform((value, ctx) => {
  const id = coerceId(value);
  if (!id.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `product id ${id.detail}` });
    return z.NEVER;
  }
  return id.id;
});

export const RunIdParam = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'run id: 1-80 chars of [A-Za-z0-9_.-]');
