import type { ThemesFile } from './themes.schema';

/**
 * Embedded copy of `themes/default.json` (the original system's 7 labels).
 * Used only when that file cannot be found at run time (e.g. an image that ships `dist/` without `themes/`).
 * A unit test asserts it equals the file, so both give the same `themesVersion`.
 */
export const EMBEDDED_DEFAULT_THEMES: ThemesFile = {
  version: '1',
  hypothesisTemplate: 'This review is about {}.',
  themes: [
    { label: 'product quality', descriptions: ['The product is well made, durable and works as expected.'] },
    { label: 'product defect', descriptions: ['The product arrived broken, stopped working or has a defect.'] },
    { label: 'positive experience', descriptions: ['The customer is happy and would recommend it.'] },
    { label: 'negative experience', descriptions: ['The customer is unhappy and disappointed.'] },
    { label: 'delivery issue', descriptions: ['The package arrived late, damaged or never arrived.'] },
    { label: 'delivery satisfaction', descriptions: ['The package arrived quickly and in good condition.'] },
    { label: 'price value', descriptions: ['The product is worth its price, cheap or expensive.'] },
  ],
};
