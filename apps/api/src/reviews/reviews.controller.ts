import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { topReviews } from '@reviewlens/domain';
import { notFound, unavailable } from '../common/api-error';
import { parseInput } from '../common/parse-input';
import { SnapshotStore } from '../snapshot/snapshot.store';

const ProductParam = z.string().trim().min(1).max(200);
const TopQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  theme: z.string().max(100).optional(),
  minRating: z.coerce.number().int().min(1).max(5).optional(),
  language: z.string().max(20).optional(),
});

/** Top reviews of a product from the served snapshot, ranked by relevance. */
@Controller(['reviews', 'v1/reviews'])
export class ReviewsController {
  constructor(private readonly snapshots: SnapshotStore) {}

  @Get(':productId/top')
  top(@Param('productId') productIdParam: string, @Query() query: unknown) {
    const productId = parseInput(ProductParam, productIdParam);
    const q = parseInput(TopQuery, query);
    const index = this.snapshots.current();
    if (!index) throw unavailable('no snapshot is loaded yet');
    const rows = index.byProduct.get(productId);
    if (!rows) throw notFound(`product ${productId} has no reviews in snapshot ${index.snapshotId}`);
    const reviews = topReviews(rows, q);
    return {
      productId, snapshotId: index.snapshotId, count: reviews.length,
      reviews: reviews.map((r) => ({
        reviewId: r.reviewId, rating: r.rating, title: r.title, text: r.text, theme: r.theme, confidence: r.confidence,
        themeScores: r.themeScores, relevance: r.relevance, helpfulVotes: r.helpfulVotes, totalVotes: r.totalVotes,
        language: r.language, createdAt: r.createdAt, verifiedBuyer: r.verifiedBuyer, hasImage: r.hasImage,
        modelId: r.modelId, themesVersion: r.themesVersion,
      })),
    };
  }
}
