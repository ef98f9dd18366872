import type { ProductInfo, RawReview } from '@reviewlens/contracts';
import type { CleanContext } from './clean-review';

/** Test support (not exported from index): a valid raw review and cleaning context to vary in tests. */
export function rawReview(overrides: Record<string, unknown> = {}): RawReview {
  return {
    reviewId: 'r1',
    productId: 'p1',
    userHash: '0123456789abcdef0123456789abcdef',
    title: 'Nice',
    text: 'Works well, arrived on time.',
    rating: 4,
    helpfulVotes: 2,
    totalVotes: 3,
    language: 'en',
    hasImage: false,
    hasSubscription: false,
    verifiedBuyer: true,
    createdAt: '2024-01-02 03:04:05.123456+00',
    updatedAt: '2024-01-03 00:00:00.000001+00',
    ...overrides,
  } as RawReview;
}

export const PRODUCTS: Record<string, ProductInfo> = {
  p1: { productId: 'p1', name: 'Kettle', category: 'kitchen', brand: 'Acme' },
  p2: { productId: 'p2', name: null, category: null, brand: null },
};

export function cleanContext(overrides: Partial<CleanContext> = {}): CleanContext {
  return {
    runId: 'run-1',
    products: PRODUCTS,
    maxChars: 200,
    now: new Date('2024-06-01T00:00:00Z'),
    futureToleranceMs: 86_400_000,
    ...overrides,
  };
}
