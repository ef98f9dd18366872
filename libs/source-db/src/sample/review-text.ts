import type { Prng } from './prng';
import { NEGATIVE_ADJECTIVES, PEOPLE, POSITIVE_ADJECTIVES, SIGN_OFFS, type CategoryVocabulary } from './vocabulary';

export interface TextContext {
  rng: Prng;
  vocabulary: CategoryVocabulary;
  /** Short product name as a reviewer would write it ("the Sturdy Steel blender"). */
  productWord: string;
  rating: number;
}

type Template = (c: TextContext) => string;

const feature = (c: TextContext) => c.rng.pick(c.vocabulary.features);
const good = (c: TextContext) => c.rng.pick(POSITIVE_ADJECTIVES);
const bad = (c: TextContext) => c.rng.pick(NEGATIVE_ADJECTIVES);
const days = (c: TextContext) => c.rng.int(2, 40);

const POSITIVE: Template[] = [
  (c) => `I love this ${c.productWord}, the ${feature(c)} is ${good(c)}.`,
  (c) => `Bought it for ${c.rng.pick(PEOPLE)} and they use it every day.`,
  (c) => `The ${feature(c)} works exactly as described.`,
  (c) => `Really ${good(c)} quality for the price, great value.`,
  (c) => `Delivery was fast, it arrived in ${c.rng.int(1, 3)} days and well packed.`,
  (c) => `After ${days(c)} days of use the ${feature(c)} still feels ${good(c)}.`,
  (c) => `Much better than my old ${c.rng.pick(c.vocabulary.kinds)}.`,
  (c) => `Setup took five minutes and the ${feature(c)} is easy to use.`,
];
const NEGATIVE: Template[] = [
  (c) => `The ${feature(c)} broke after ${days(c)} days.`,
  (c) => `Honestly the ${c.productWord} feels ${bad(c)} and overpriced.`,
  (c) => `It arrived late and the box was damaged.`,
  (c) => `Delivery took ${c.rng.int(2, 6)} weeks and nobody answered my emails.`,
  (c) => `The ${feature(c)} stopped working, so I asked for a refund.`,
  (c) => `Customer service was ${bad(c)}, I had to call three times.`,
  (c) => `Not worth the money, the ${feature(c)} is ${bad(c)}.`,
  (c) => `Mine came with a defective ${feature(c)} out of the box.`,
];
const NEUTRAL: Template[] = [
  (c) => `It does the job, nothing more.`,
  (c) => `The ${feature(c)} is ok but could be better.`,
  (c) => `Average ${c.productWord} for an average price.`,
  (c) => `Shipping was fine, the ${feature(c)} is a bit ${bad(c)} though.`,
  (c) => `Some things are ${good(c)}, others less so.`,
];

function sentencePool(c: TextContext): Template[][] {
  if (c.rating >= 4) return [POSITIVE, POSITIVE, POSITIVE, NEUTRAL];
  if (c.rating <= 2) return [NEGATIVE, NEGATIVE, NEGATIVE, NEUTRAL];
  return [NEUTRAL, POSITIVE, NEGATIVE];
}

/** Mostly short reviews, a long tail of long ones (1 to ~40 sentences). */
function sentenceCount(rng: Prng): number {
  if (rng.chance(0.05)) return rng.int(12, 40);
  return 1 + Math.floor(-Math.log(1 - rng.next()) * 3);
}

export function reviewText(c: TextContext): string {
  const pools = sentencePool(c);
  const n = sentenceCount(c.rng);
  const sentences: string[] = [];
  const used = new Set<Template>();
  for (let i = 0, attempts = 0; i < n && attempts < n * 3; attempts++) {
    const template = c.rng.pick(c.rng.pick(pools));
    if (used.has(template)) continue; // a reviewer does not repeat the same sentence
    used.add(template);
    sentences.push(template(c));
    i++;
  }
  if (c.rng.chance(0.3)) sentences.push(c.rng.pick(SIGN_OFFS));
  return sentences.join(' ');
}

/** Some sources store HTML-formatted reviews; the cleaner must strip it. */
export function withHtml(text: string, rng: Prng): string {
  const sentences = text.split(/(?<=[.!?]) /);
  switch (rng.int(0, 3)) {
    case 0:
      return `<p>${sentences.join('<br/>')}</p>`;
    case 1:
      return `<b>${sentences[0]}</b> ${sentences.slice(1).join(' ')}`;
    case 2:
      return `${text.replace(/ and /g, ' &amp; ')}<br>`;
    default:
      return `<div class="review-text">${text}</div>`;
  }
}

const POSITIVE_TITLES = ['Great {k}', 'Love it', 'Exactly what I needed', 'Excellent value', 'Works perfectly', 'Best {k} so far'];
const NEGATIVE_TITLES = ['Broke quickly', 'Disappointed', 'Do not buy', 'Poor quality {k}', 'Arrived damaged', 'Waste of money'];
const NEUTRAL_TITLES = ['It is ok', 'Average {k}', 'Does the job', 'Mixed feelings'];

export function reviewTitle(c: TextContext): string {
  const titles = c.rating >= 4 ? POSITIVE_TITLES : c.rating <= 2 ? NEGATIVE_TITLES : NEUTRAL_TITLES;
  return c.rng.pick(titles).replace('{k}', c.rng.pick(c.vocabulary.kinds));
}
