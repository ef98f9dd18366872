import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { THEME_POLARITIES, type ThemePolarity } from '@reviewlens/domain';
import { notFound } from '../common/api-error';
import { parseInput } from '../common/parse-input';
import { ProductIdParam } from '../common/schemas';
import { servedSnapshot } from '../common/served-snapshot';
import { topOfProduct } from '../snapshot/snapshot-index';
import { SnapshotStore } from '../snapshot/snapshot.store';

export const TopQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  /** Reviews about this theme: any detected theme (multi-label rows), the top theme of single-label rows. */
  theme: z.string().trim().min(1).max(100).optional(),
  /** With theme: only reviews where it was detected with this polarity. */
  polarity: z.enum(THEME_POLARITIES as [ThemePolarity, ...ThemePolarity[]], {
    errorMap: () => ({ message: `must be one of ${THEME_POLARITIES.join(', ')}` }),
  }).optional(),
  minRating: z.coerce.number().int().min(1).max(5).optional(),
  language: z.string().trim().regex(/^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*$/, 'language: a tag such as en or en-GB').optional(),
}).strict().refine((q) => q.polarity === undefined || q.theme !== undefined, {
  message: 'polarity filters the reviews of one theme: give theme too (e.g. ?theme=packaging&polarity=negative)', path: ['polarity'],
});

/**
 * Top reviews of a product from the served snapshot, ranked by relevance (docs/relevance.md), each with its detected
 * themes (polarity, evidence sentence), sentiment and legacy category. Public.
 */
@Controller(['reviews', 'v1/reviews'])
export class ReviewsController {
  constructor(private readonly snapshots: SnapshotStore) {}

  @Get(':productId/top')
  top(@Param('productId') productIdParam: string, @Query() query: unknown) {
    const productId = parseInput(ProductIdParam, productIdParam);
    const q = parseInput(TopQuery, query);
    const index = servedSnapshot(this.snapshots.current());
    const rows = index.byProduct.get(productId);
    if (!rows) throw notFound(`product ${productId} has no reviews in snapshot ${index.snapshotId}`);
    const reviews = topOfProduct(rows, q);
    // ServedReview holds exactly the public fields of a review, so rows are returned as they are.
    return { productId, snapshotId: index.snapshotId, count: reviews.length, reviews };
  }
}
