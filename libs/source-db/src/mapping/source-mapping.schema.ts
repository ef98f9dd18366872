import { z } from 'zod';
import { identifierProblem } from '../identifiers';
import { DEFAULT_SOURCE_MAPPING, type SourceMapping } from './source-mapping';

const ident = z.string().superRefine((value, ctx) => {
  const problem = identifierProblem(value);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `identifier ${problem}` });
});
const optionalIdent = ident.nullable();

/**
 * A mapping file lists only what differs from the default: every key is optional, unknown keys are
 * errors (a typo must not silently fall back to the default), `null` marks an absent column/table.
 */
export const SourceMappingFileSchema = z
  .object({
    schema: optionalIdent.optional(),
    review: z
      .object({
        table: ident.optional(),
        columns: z
          .object({
            reviewId: ident.optional(),
            buyerId: optionalIdent.optional(),
            text: ident.optional(),
            title: optionalIdent.optional(),
            rating: ident.optional(),
            helpfulVotes: optionalIdent.optional(),
            totalVotes: optionalIdent.optional(),
            language: optionalIdent.optional(),
            createdAt: optionalIdent.optional(),
            updatedAt: ident.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    productReviews: z
      .object({
        table: ident.optional(),
        columns: z.object({ reviewId: ident.optional(), productId: ident.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    product: z
      .object({
        table: ident.optional(),
        columns: z
          .object({
            productId: ident.optional(),
            name: optionalIdent.optional(),
            category: optionalIdent.optional(),
            brand: optionalIdent.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    reviewImages: z
      .object({ table: ident.optional(), columns: z.object({ reviewId: ident.optional() }).strict().optional() })
      .strict()
      .nullable()
      .optional(),
    subscription: z
      .object({
        table: ident.optional(),
        columns: z.object({ buyerId: ident.optional(), active: optionalIdent.optional() }).strict().optional(),
      })
      .strict()
      .nullable()
      .optional(),
    orders: z
      .object({
        table: ident.optional(),
        columns: z.object({ buyerId: ident.optional(), productId: ident.optional() }).strict().optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type SourceMappingFile = z.infer<typeof SourceMappingFileSchema>;

type Section = { table?: string; columns?: Record<string, string | null | undefined> };

function mergeSection<T extends { table: string; columns: object }>(base: T, override: Section | undefined): T {
  if (!override) return base;
  const columns: Record<string, unknown> = { ...base.columns };
  for (const [key, value] of Object.entries(override.columns ?? {})) if (value !== undefined) columns[key] = value;
  return { ...base, table: override.table ?? base.table, columns } as T;
}

/** A nullable section: `null` removes it, an object overrides the default (or defines it, if the default is absent). */
function mergeOptionalSection<T extends { table: string; columns: object }>(
  base: T | null,
  fallback: T,
  override: Section | null | undefined,
): T | null {
  if (override === undefined) return base;
  if (override === null) return null;
  return mergeSection(base ?? fallback, override);
}

/** Default mapping overlaid with a validated mapping file. */
export function mergeSourceMapping(file: SourceMappingFile, base: SourceMapping = DEFAULT_SOURCE_MAPPING): SourceMapping {
  return {
    schema: file.schema === undefined ? base.schema : file.schema,
    review: mergeSection(base.review, file.review),
    productReviews: mergeSection(base.productReviews, file.productReviews),
    product: mergeSection(base.product, file.product),
    reviewImages: mergeOptionalSection(base.reviewImages, DEFAULT_SOURCE_MAPPING.reviewImages!, file.reviewImages),
    subscription: mergeOptionalSection(base.subscription, DEFAULT_SOURCE_MAPPING.subscription!, file.subscription),
    orders: mergeOptionalSection(base.orders, DEFAULT_SOURCE_MAPPING.orders!, file.orders),
  };
}
