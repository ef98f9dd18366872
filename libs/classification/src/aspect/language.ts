import { detect } from 'tinyld';

/**
 * Language of a review as an ISO 639-1 code, detected from its text with tinyld (n-gram profiles, pure JS).
 * The source's own language field (`hint`) is used only when detection gives no answer (very short or symbol-only
 * texts); null when neither says anything. Detection runs per review: a source's language is never assumed.
 */
export function detectLanguage(text: string, hint?: string | null): string | null {
  const detected = detect(text);
  if (detected !== '') return detected;
  const h = hint?.trim().toLowerCase().slice(0, 2);
  return h !== undefined && /^[a-z]{2}$/.test(h) ? h : null;
}
