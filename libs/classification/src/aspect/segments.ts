/** A piece of a review that can carry a theme: its title, a sentence, or a clause of a sentence. */
export interface Segment {
  text: string;
  kind: 'title' | 'sentence' | 'clause';
}

/** Most segments kept per review (the title and the first sentences): bounds the cost of a very long review. */
export const MAX_SEGMENTS = 24;

/**
 * Contrastive connectives that start a new clause ("tastes great but the box was crushed"): English, French,
 * German, Spanish, and Chinese (no spaces around them), plus semicolons and spaced dashes. A clause split lets one sentence carry two themes with opposite polarity.
 */
const CLAUSE_SPLIT = /(?:;|；|\s+[-–—]\s+|,?\s+(?:but|however|although|though|whereas|mais|cependant|pourtant|toutefois|par contre|bien que|aber|pero|sin embargo)\s+|[，,]?(?:但是|不过|然而|可是))/iu;

const hasLetterOrDigit = (s: string): boolean => /[\p{L}\p{N}]/u.test(s);

/**
 * Split a review into segments: the title (if any), then each sentence of the text (Unicode sentence boundaries
 * through `Intl.Segmenter` for `language`, line breaks are boundaries too), each sentence cut further into clauses
 * at contrastive connectives. The first clause of a split sentence has kind `sentence`, the rest `clause`.
 * Segments without a letter or digit are dropped; at most MAX_SEGMENTS are returned.
 */
export function segmentReview(title: string | null, text: string, language: string | null): Segment[] {
  const out: Segment[] = [];
  if (title !== null && hasLetterOrDigit(title)) out.push({ text: title.trim(), kind: 'title' });
  let segmenter: Intl.Segmenter;
  try { segmenter = new Intl.Segmenter(language ?? 'en', { granularity: 'sentence' }); } catch { segmenter = new Intl.Segmenter('en', { granularity: 'sentence' }); }
  for (const paragraph of text.split(/\n+/)) {
    for (const { segment } of segmenter.segment(paragraph)) {
      const sentence = segment.trim();
      if (!hasLetterOrDigit(sentence)) continue;
      const parts = sentence.split(CLAUSE_SPLIT).map((p) => p.trim()).filter(hasLetterOrDigit);
      parts.forEach((p, k) => out.push({ text: p, kind: k === 0 ? 'sentence' : 'clause' }));
      if (out.length >= MAX_SEGMENTS) return out.slice(0, MAX_SEGMENTS);
    }
  }
  return out;
}

/** The text embedded for the whole review: "title. text" (title omitted when absent), as the labels were read. */
export function reviewText(title: string | null, text: string): string {
  return title !== null && title.trim() !== '' ? `${title.trim()}. ${text}` : text;
}
