import { Controller, Get } from '@nestjs/common';
import { servedSnapshot } from '../common/served-snapshot';
import { SnapshotStore } from '../snapshot/snapshot.store';

/** Reviews per theme across the snapshot (the original vw_reviews_by_category; its "category" was the theme). Public. */
@Controller('v1/themes')
export class ThemesController {
  constructor(private readonly snapshots: SnapshotStore) {}

  @Get('summary')
  summary() {
    const index = servedSnapshot(this.snapshots.current());
    return { snapshotId: index.snapshotId, reviews: index.rowCount, products: index.byProduct.size, themes: index.themes };
  }
}
