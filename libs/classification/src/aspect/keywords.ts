import type { ThemesFile } from '../themes.schema';

/** Compiled keyword patterns: per theme (file order), per language code (`*` = every language). */
export type KeywordMatcher = Map<string, RegExp[]>[];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compile each theme's keywords into case-insensitive patterns bounded by non-letters/digits on each side that ends
 * in a letter or digit (Unicode-aware: "prix" does not match "prixe"; "$" matches in "$5"). Spaces inside a keyword
 * match any whitespace.
 */
export function compileKeywords(themes: ThemesFile['themes']): KeywordMatcher {
  return themes.map((t) => {
    const byLanguage = new Map<string, RegExp[]>();
    for (const [language, words] of Object.entries(t.keywords ?? {})) {
      byLanguage.set(language, words.map((w) => {
        const k = w.normalize('NFC');
        // A boundary is required only on a side where the keyword itself ends in a letter or digit ("$" matches "$5").
        const before = /^[\p{L}\p{N}]/u.test(k) ? '(?<![\\p{L}\\p{N}])' : '';
        const after = /[\p{L}\p{N}]$/u.test(k) ? '(?![\\p{L}\\p{N}])' : '';
        return new RegExp(`${before}${escape(k).replace(/\s+/g, '\\s+')}${after}`, 'iu');
      }));
    }
    return byLanguage;
  });
}

/**
 * Number of distinct keywords of each theme found in `text`, using the keywords of `language` (English when the
 * language is unknown) and those listed under `*`. Output: one count per theme, file order.
 */
export function keywordCounts(matcher: KeywordMatcher, text: string, language: string | null): number[] {
  const normalised = text.normalize('NFC');
  return matcher.map((byLanguage) => {
    let n = 0;
    for (const key of [language ?? 'en', '*']) for (const re of byLanguage.get(key) ?? []) if (re.test(normalised)) n++;
    return n;
  });
}
