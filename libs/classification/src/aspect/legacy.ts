import type { Sentiment } from '../evaluation/labelled-reviews';
import type { ThemesFile } from '../themes.schema';
import type { DetectedTheme } from './score';

/**
 * The original system's label for a review (its seven bart-large-mnli categories), from the themes file's
 * `legacyLabels` rules: the first rule whose conditions all hold wins (theme present, as the top theme with `main`,
 * with one of the polarities; overall sentiment in the list). Null without rules or when none matches.
 */
export function legacyLabelOf(file: Pick<ThemesFile, 'legacyLabels'>, detected: readonly DetectedTheme[], sentiment: Sentiment): string | null {
  for (const rule of file.legacyLabels?.rules ?? []) {
    if (rule.theme !== undefined) {
      const candidates = rule.main ? detected.slice(0, 1) : detected;
      const hit = candidates.find((d) => d.theme.toLowerCase() === rule.theme!.toLowerCase());
      if (!hit) continue;
      if (rule.polarity && !rule.polarity.includes(hit.polarity)) continue;
    }
    if (rule.sentiment && !rule.sentiment.includes(sentiment)) continue;
    return rule.label;
  }
  return null;
}
