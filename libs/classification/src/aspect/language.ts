import { detect } from 'tinyld';

/**
 * Languages the detector may answer (ISO 639-1): common review languages, all served by multilingual-e5.
 * Restricting the candidates keeps short English texts from being read as rare languages (tinyld alone answered
 * Klingon or Esperanto for 1.5 % of English reviews in bench/classifier).
 */
export const DETECTABLE_LANGUAGES = [
  'en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'pl', 'cs', 'hu', 'ro', 'el', 'ru', 'uk', 'tr',
  'ar', 'he', 'hi', 'th', 'vi', 'id', 'ja', 'zh', 'ko',
] as const;

/** Below this many letters, detection is a guess: the source's hint wins when there is one. */
export const MIN_LETTERS_TO_DETECT = 12;

/**
 * Language of a review as an ISO 639-1 code, detected from its text with tinyld (n-gram profiles, pure JS) among
 * DETECTABLE_LANGUAGES. The source's own language field (`hint`) is used when the text is too short to tell
 * (fewer than MIN_LETTERS_TO_DETECT letters) or detection gives no answer; null when neither says anything.
 * Detection runs per review: a source's language is never assumed.
 */
export function detectLanguage(text: string, hint?: string | null): string | null {
  const h = hint?.trim().toLowerCase().slice(0, 2);
  const hinted = h !== undefined && /^[a-z]{2}$/.test(h) ? h : null;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS_TO_DETECT && hinted !== null) return hinted;
  const detected = letters === 0 ? '' : detect(text, { only: [...DETECTABLE_LANGUAGES] });
  return detected !== '' ? detected : hinted;
}
