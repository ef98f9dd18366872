import { Controller, Get } from '@nestjs/common';
import { servedSnapshot } from '../common/served-snapshot';
import { SnapshotStore } from '../snapshot/snapshot.store';

/**
 * Reviews per label across the snapshot. `categories`: per legacy category, the original vw_reviews_by_category (its
 * "category" was its label); `themes`: per top theme; `themePolarity`: per detected theme, reviews by polarity and
 * mean sentiment. Public.
 */
@Controller('v1/themes')
export class ThemesController {
  constructor(private readonly snapshots: SnapshotStore) {}

  @Get('summary')
  summary() {
    const index = servedSnapshot(this.snapshots.current());
    return { snapshotId: index.snapshotId, reviews: index.rowCount, products: index.byProduct.size, themes: index.themes, categories: index.categories, themePolarity: index.themePolarity };
  }
}
