import { Controller, Get, Param } from '@nestjs/common';
import { notFound } from '../common/api-error';
import { parseInput } from '../common/parse-input';
import { ProductIdParam } from '../common/schemas';
import { servedSnapshot } from '../common/served-snapshot';
import { SnapshotStore } from '../snapshot/snapshot.store';

/** Per-product aggregates (the original vw_reviews_by_product), precomputed when the snapshot is indexed. Public. */
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly snapshots: SnapshotStore) {}

  @Get(':productId/summary')
  summary(@Param('productId') productIdParam: string) {
    const productId = parseInput(ProductIdParam, productIdParam);
    const index = servedSnapshot(this.snapshots.current());
    const summary = index.productSummaries.get(productId);
    if (!summary) throw notFound(`product ${productId} has no reviews in snapshot ${index.snapshotId}`);
    return { snapshotId: index.snapshotId, ...summary };
  }
}
