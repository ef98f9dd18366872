import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ClassifiedReview } from '@reviewlens/contracts';
import { Prng } from '@reviewlens/source-db';

/** Real review texts from ../shared/data, used only to give the benchmark realistic string sizes and entropy. */
interface SourceText { productId: string; title: string | null; text: string; brand: string | null; name: string | null }

const THEMES = ['product quality', 'product defect', 'positive experience', 'negative experience',
  'delivery issue', 'delivery satisfaction', 'price value'];

function sharedDataDir(): string {
  // The project reaches shared/ as ../shared (run from the repository root).
  return process.env.REVIEWLENS_SHARED_DATA ?? resolve(process.cwd(), '..', 'shared', 'data');
}

function loadTexts(dir: string): SourceText[] {
  const out: SourceText[] = [];
  const food = parse(readFileSync(join(dir, 'amazon_fine_food_reviews_first5k.csv')), { columns: true, bom: true }) as Record<string, string>[];
  for (const r of food) if (r.Text) out.push({ productId: r.ProductId, title: r.Summary || null, text: r.Text, brand: null, name: null });
  const dfn = parse(readFileSync(join(dir, 'datafiniti_amazon_consumer_reviews_5k_12cols.csv')), { columns: true, bom: true }) as Record<string, string>[];
  for (const r of dfn) {
    if (r['reviews.text']) out.push({ productId: r.asins || r.id, title: r['reviews.title'] || null, text: r['reviews.text'], brand: r.brand || null, name: r.name || null });
  }
  return out;
}

export function makeBenchRows(count: number, dir = sharedDataDir()): ClassifiedReview[] {
  const texts = loadTexts(dir);
  const prng = new Prng(42);
  const rnd = (): number => prng.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const rows: ClassifiedReview[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const s = pick(texts);
    const scores: Record<string, number> = {};
    let sum = 0;
    for (const t of THEMES) { const v = rnd(); scores[t] = v; sum += v; }
    for (const t of THEMES) scores[t] /= sum;
    const theme = THEMES.reduce((best, t) => (scores[t] > scores[best] ? t : best), THEMES[0]);
    const helpful = Math.floor(rnd() * 50);
    const updated = new Date(base + i * 1000).toISOString().replace('T', ' ').replace('Z', '') + '123+00';
    rows.push({
      reviewId: `r${String(i).padStart(8, '0')}`,
      runId: 'run-bench-0001',
      productId: s.productId,
      productName: s.name,
      category: rnd() < 0.1 ? null : pick(['Food', 'Electronics', 'Books', 'Home']),
      brand: s.brand,
      userHash: rnd() < 0.05 ? null : `u${Math.floor(rnd() * 1e9).toString(16)}`,
      title: s.title,
      text: s.text,
      rating: 1 + Math.floor(rnd() * 5),
      helpfulVotes: helpful,
      totalVotes: helpful + Math.floor(rnd() * 10),
      language: rnd() < 0.2 ? null : 'en',
      hasImage: rnd() < 0.3,
      hasSubscription: rnd() < 0.2,
      verifiedBuyer: rnd() < 0.7,
      createdAt: rnd() < 0.05 ? null : new Date(base + i * 1000).toISOString(),
      updatedAt: updated,
      textLength: s.text.length,
      wordCount: s.text.split(/\s+/).filter(Boolean).length,
      theme,
      confidence: scores[theme],
      themeScores: scores,
      themes: rnd() < 0.2 ? [] : [{ theme, score: scores[theme], polarity: rnd() < 0.7 ? 'positive' : 'negative', evidence: s.title ?? s.text.slice(0, 80) }],
      sentiment: rnd() * 2 - 1,
      sentimentLabel: rnd() < 0.7 ? 'positive' : 'negative',
      legacyCategory: theme,
      detectedLanguage: 'en',
      modelId: 'Xenova/all-MiniLM-L6-v2',
      themesVersion: 'v1',
      relevance: rnd(),
    });
  }
  return rows;
}
