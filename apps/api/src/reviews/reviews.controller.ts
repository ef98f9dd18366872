import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { notFound } from '../common/api-error';
import { parseInput } from '../common/parse-input';
import { ProductIdParam } from '../common/schemas';
import { servedSnapshot } from '../common/served-snapshot';
import { topOfProduct } from '../snapshot/snapshot-index';
import { SnapshotStore } from '../snapshot/snapshot.store';

export const TopQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  theme: z.string().trim().min(1).max(100).optional(),
  minRating: z.coerce.number().int().min(1).max(5).optional(),
  language: z.string().trim().regex(/^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*$/, 'language: a tag such as en or en-GB').optional(),
}).strict();

/** Top reviews of a product from the served snapshot, ranked by relevance (docs/relevance.md). Public. */
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
