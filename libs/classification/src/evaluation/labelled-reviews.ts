import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';

/** Polarity of one theme in one review (data-labels README: "mixed" = both good and bad said of that theme). */
export const PolaritySchema = z.enum(['positive', 'negative', 'mixed']);
export type Polarity = z.infer<typeof PolaritySchema>;
/** Overall stance of a review. */
export const SentimentSchema = z.enum(['positive', 'negative', 'mixed', 'neutral']);
export type Sentiment = z.infer<typeof SentimentSchema>;

/**
 * One labelled review line. Either `text` is given (a user's own labelled file), or `key` names a row of the
 * shared review files (`finefood:<Id>`, `datafiniti:<id>#<i>`, `fr:<review_id>`), resolved by `resolveTexts`.
 */
export const LabelledLineSchema = z.object({
  key: z.string().min(1),
  src: z.string().optional(),
  sample: z.string().optional(),
  title: z.string().nullable().optional(),
  text: z.string().optional(),
  rating: z.number().int().min(1).max(5).nullable().optional(),
  language: z.string().nullable().optional(),
  themes: z.array(z.object({ theme: z.string().min(1), polarity: PolaritySchema })),
  sentiment: SentimentSchema.optional(),
}).passthrough();
export type LabelledLine = z.infer<typeof LabelledLineSchema>;

/** A labelled review with its text: what calibration, training and evaluation consume. */
export interface LabelledReview {
  key: string;
  src: string;
  sample: string;
  title: string | null;
  text: string;
  /** Star rating 1–5, or null when the source has none. */
  rating: number | null;
  /** Language given by the source (`fr` for the French file), or null: the classifier detects it. */
  language: string | null;
  /** Themes in the annotator's order (main theme first). */
  themes: { theme: string; polarity: Polarity }[];
  sentiment: Sentiment | null;
}

/** Which part of a labelled file a review belongs to. */
export type Split = 'calibration' | 'heldout';

/**
 * The fixed split of a labelled file (docs/models.md, "Labelled data"): a review is in the held-out part when the
 * first 32 bits of sha256("reviewlens-split-v1:" + key), as an unsigned integer, modulo 100 are below 40, so about
 * 40 % of the reviews, chosen by key alone (the same in every run, whatever the file order or the rows added later).
 */
export function splitOf(key: string): Split {
  const h = createHash('sha256').update(`reviewlens-split-v1:${key}`).digest();
  return h.readUInt32BE(0) % 100 < 40 ? 'heldout' : 'calibration';
}

/** Parse a labelled JSONL file (one LabelledLine per line; blank lines skipped). Throws naming the line on bad input. */
export function readLabelledLines(path: string): LabelledLine[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: LabelledLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try { json = JSON.parse(line); } catch (err) { throw new Error(`${path}:${i + 1}: not JSON (${(err as Error).message})`); }
    const parsed = LabelledLineSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    out.push(parsed.data);
  });
  return out;
}

interface SourceRow { title: string | null; text: string; rating: number | null; language: string | null }

const br = (s: string): string => s.replace(/<br\s*\/?>/gi, '\n');
const ratingOf = (v: unknown): number | null => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
};

/**
 * Index the shared review files by label key, as `../shared/data-labels/README.md` defines the keys and texts:
 * Fine Food `Summary` / `Text`, Datafiniti `reviews.title` / `reviews.text` (key needs the 0-based record index),
 * French `review_headline` / `review_body` (tab-separated, no quoting); `<br />` read as a line break.
 */
function indexSharedRows(dataDir: string): Map<string, SourceRow> {
  const rows = new Map<string, SourceRow>();
  const finefood = parseCsv(readFileSync(join(dataDir, 'amazon_fine_food_reviews_first5k.csv')), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  for (const r of finefood) rows.set(`finefood:${r.Id}`, { title: br(r.Summary ?? '') || null, text: br(r.Text ?? ''), rating: ratingOf(r.Score), language: null });
  const datafiniti = parseCsv(readFileSync(join(dataDir, 'datafiniti_amazon_consumer_reviews_5k_12cols.csv')), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  datafiniti.forEach((r, i) => rows.set(`datafiniti:${r.id}#${i}`, { title: r['reviews.title'] || null, text: r['reviews.text'] ?? '', rating: ratingOf(r['reviews.rating']), language: null }));
  const [header, ...lines] = readFileSync(join(dataDir, 'amazon_reviews_pds_sample_fr.tsv'), 'utf8').split('\n');
  const cols = header.split('\t');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const f = Object.fromEntries(line.split('\t').map((v, i) => [cols[i], v]));
    rows.set(`fr:${f.review_id}`, { title: br(f.review_headline ?? '') || null, text: br(f.review_body ?? ''), rating: ratingOf(f.star_rating), language: 'fr' });
  }
  return rows;
}

/**
 * Attach texts to labelled lines: a line's own `text` wins; otherwise its key is looked up in the shared review files
 * under `dataDir` (needed only for the shared development set). Throws listing the keys that resolve to nothing.
 */
export function resolveTexts(lines: LabelledLine[], dataDir?: string): LabelledReview[] {
  const needShared = lines.some((l) => l.text === undefined);
  if (needShared && (dataDir === undefined || !existsSync(dataDir))) {
    throw new Error(`labelled lines without "text" need the shared review files (--data-dir); not found: ${dataDir ?? '(none given)'}`);
  }
  const shared = needShared ? indexSharedRows(dataDir!) : new Map<string, SourceRow>();
  const missing: string[] = [];
  const out: LabelledReview[] = [];
  for (const l of lines) {
    const src = l.text !== undefined
      ? { title: l.title ?? null, text: l.text, rating: l.rating ?? null, language: l.language ?? null }
      : shared.get(l.key);
    if (src === undefined) { missing.push(l.key); continue; }
    out.push({
      key: l.key, src: l.src ?? l.key.split(':')[0], sample: l.sample ?? 'user', title: src.title, text: src.text,
      rating: l.rating ?? src.rating, language: l.language ?? src.language, themes: l.themes, sentiment: l.sentiment ?? null,
    });
  }
  if (missing.length > 0) throw new Error(`${missing.length} labelled keys not found in ${dataDir}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  return out;
}
