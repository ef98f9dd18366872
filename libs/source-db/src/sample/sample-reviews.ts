import { malformedKindAt } from './malformed-plan';
import { isoToMicros, microsToIso } from './microsecond-time';
import { Prng } from './prng';
import { reviewText, reviewTitle, withHtml, type TextContext } from './review-text';
import { populationSizes, sampleIds } from './sample-population';
import type { MalformedKind, SampleOptions, SampleProduct, SampleReview } from './sample.types';
import { CATEGORIES, type CategoryVocabulary } from './vocabulary';

const DAY_US = 86_400_000_000;
const RATINGS: readonly (readonly [number, number])[] = [[5, 55], [4, 20], [3, 9], [2, 6], [1, 10]];
const HTML_ONLY = ['<p></p>', '<br/><br/>', '<div>&nbsp;</div>', '<p><img src="x.jpg"/></p>'];

/** Helpful votes: most reviews get none, a few get thousands. */
function votes(rng: Prng): { helpful: number; total: number } {
  if (rng.chance(0.55)) return { helpful: 0, total: 0 };
  const total = Math.floor(Math.exp(rng.next() * rng.next() * 8));
  return { helpful: Math.round(total * Math.sqrt(rng.next())), total };
}

function applyMalformation(review: SampleReview, kind: MalformedKind, rng: Prng): void {
  review.malformed = kind;
  switch (kind) {
    case 'null_rating': review.rating = null; break;
    case 'rating_zero': review.rating = 0; break;
    case 'rating_seven': review.rating = 7; break;
    case 'empty_text': review.text = ''; break;
    case 'whitespace_text': review.text = rng.pick(['   ', '\n\t ', ' \u00a0 ']); break;
    case 'html_only_text': review.text = rng.pick(HTML_ONLY); break;
    case 'missing_product_link': review.productId = null; break;
  }
}

/**
 * Reviews in batches, deterministic for a given (seed, reviews, malformedRate, from, to): one PRNG stream
 * consumed in row order, so the batch size does not change the data.
 */
export function* sampleReviewBatches(
  options: SampleOptions,
  products: readonly SampleProduct[],
  batchSize: number,
): Generator<SampleReview[]> {
  const rng = new Prng(options.seed, 3);
  const vocabularyOf = new Map<string, CategoryVocabulary>(CATEGORIES.map((v) => [v.category, v]));
  const { buyers } = populationSizes(options.reviews);
  const from = isoToMicros(options.from);
  const span = isoToMicros(options.to) - from;
  for (let start = 0; start < options.reviews; start += batchSize) {
    const batch: SampleReview[] = [];
    for (let i = start; i < Math.min(options.reviews, start + batchSize); i++) {
      const product = products[rng.skewedIndex(products.length, 2.5)];
      const rating = rng.weighted(RATINGS);
      const kindWord = product.name.split(' ').slice(-1)[0];
      const context: TextContext = {
        rng,
        vocabulary: vocabularyOf.get(product.category) ?? CATEGORIES[0],
        productWord: rng.chance(0.5) ? product.name.toLowerCase() : kindWord,
        rating,
      };
      let text = reviewText(context);
      if (rng.chance(0.08)) text = withHtml(text, rng);
      const createdUs = from + Math.floor(rng.next() * span);
      const updatedUs = rng.chance(0.8) ? createdUs : createdUs + Math.floor(rng.next() * 90 * DAY_US);
      const { helpful, total } = votes(rng);
      const reviewId = sampleIds.review(options.seed, i);
      const imageCount = rng.chance(0.12) ? rng.int(1, 3) : 0;
      const review: SampleReview = {
        reviewId,
        buyerId: sampleIds.buyer(options.seed, rng.skewedIndex(buyers, 1.5)),
        productId: product.pId,
        title: rng.chance(0.95) ? reviewTitle(context) : null,
        text,
        rating,
        helpfulVotes: helpful,
        totalVotes: total,
        language: rng.chance(0.97) ? 'en' : null,
        createdAt: microsToIso(createdUs),
        updatedAt: microsToIso(updatedUs),
        imageUrls: Array.from({ length: imageCount }, (_, k) => `https://images.example.com/reviews/${reviewId}/${k + 1}.jpg`),
        order: rng.chance(0.65)
          ? { orderId: sampleIds.order(options.seed, i), productId: product.pId, orderDate: microsToIso(createdUs - rng.int(1, 30) * DAY_US) }
          : null,
        malformed: null,
      };
      const kind = malformedKindAt(i, options.malformedRate);
      if (kind) applyMalformation(review, kind, rng);
      batch.push(review);
    }
    yield batch;
  }
}
