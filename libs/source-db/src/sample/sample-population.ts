import { Faker, en } from '@faker-js/faker';
import { microsToIso, isoToMicros } from './microsecond-time';
import { Prng } from './prng';
import type { SampleBuyer, SampleOptions, SampleProduct, SampleSubscription } from './sample.types';
import { CATEGORIES } from './vocabulary';

/** Sizes of the generated population, in proportion to the number of reviews. */
export function populationSizes(reviews: number): { products: number; buyers: number } {
  return { products: Math.max(10, Math.ceil(reviews / 40)), buyers: Math.max(10, Math.ceil(reviews / 4)) };
}

export const sampleIds = {
  product: (seed: number, i: number) => `s${seed}-p${String(i).padStart(7, '0')}`,
  buyer: (seed: number, i: number) => `s${seed}-b${String(i).padStart(8, '0')}`,
  review: (seed: number, i: number) => `s${seed}-r${String(i).padStart(10, '0')}`,
  order: (seed: number, i: number) => `s${seed}-o${String(i).padStart(10, '0')}`,
};

/** Products: faker names and brands (seeded), categories from the review vocabulary. */
export function sampleProducts(options: SampleOptions): SampleProduct[] {
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed);
  const rng = new Prng(options.seed, 1);
  const brands = Array.from({ length: 60 }, () => faker.company.name());
  const { products } = populationSizes(options.reviews);
  return Array.from({ length: products }, (_, i) => {
    const vocabulary = rng.pick(CATEGORIES);
    const kind = rng.pick(vocabulary.kinds);
    return {
      pId: sampleIds.product(options.seed, i),
      name: `${faker.commerce.productAdjective()} ${kind}`,
      category: vocabulary.category,
      brand: rng.pick(brands),
      price: (5 + Math.pow(rng.next(), 2) * 495).toFixed(2),
    };
  });
}

/**
 * Buyers in batches (there are many: reviews / 4). Names come from pools of seeded faker names,
 * combined with the PRNG, which is much faster than a faker call per buyer.
 */
export function* sampleBuyerBatches(
  options: SampleOptions,
  batchSize: number,
): Generator<{ buyers: SampleBuyer[]; subscriptions: SampleSubscription[] }> {
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed + 1);
  const firstNames = Array.from({ length: 500 }, () => faker.person.firstName());
  const lastNames = Array.from({ length: 500 }, () => faker.person.lastName());
  const domains = ['example.com', 'example.org', 'example.net', 'mail.example'];
  const rng = new Prng(options.seed, 2);
  const from = isoToMicros(options.from);
  const to = isoToMicros(options.to);
  const { buyers } = populationSizes(options.reviews);
  for (let start = 0; start < buyers; start += batchSize) {
    const batch: SampleBuyer[] = [];
    const subscriptions: SampleSubscription[] = [];
    for (let i = start; i < Math.min(buyers, start + batchSize); i++) {
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      const buyerId = sampleIds.buyer(options.seed, i);
      const createdAt = microsToIso(from - 365 * 86_400_000_000 + Math.floor(rng.next() * (to - from)));
      batch.push({
        buyerId,
        name: `${first} ${last}`,
        email: `${first}.${last}${i}@${rng.pick(domains)}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
        createdAt,
      });
      if (rng.chance(0.3)) {
        subscriptions.push({ buyerId, plan: rng.pick(['monthly', 'yearly', 'family']), active: rng.chance(0.75), startedAt: createdAt });
      }
    }
    yield { buyers: batch, subscriptions };
  }
}
