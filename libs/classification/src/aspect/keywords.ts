import type { ThemesFile } from '../themes.schema';

/** Compiled keyword patterns: per theme (file order), per language code (`*` = every language). */
export type KeywordMatcher = Map<string, RegExp[]>[];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compile each theme's keywords into case-insensitive patterns bounded by non-letters/digits on both sides
 * (Unicode-aware: "prix" does not match "prixe", "$" matches in "$5"). Spaces inside a keyword match any whitespace.
 */
export function compileKeywords(themes: ThemesFile['themes']): KeywordMatcher {
  return themes.map((t) => {
    const byLanguage = new Map<string, RegExp[]>();
    for (const [language, words] of Object.entries(t.keywords ?? {})) {
      byLanguage.set(language, words.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(w.normalize('NFC')).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu')));
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
