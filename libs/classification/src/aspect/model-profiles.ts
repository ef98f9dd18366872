/**
 * What the aspect engine must know of an embedding model beyond its files: the prefix its training expects on
 * every input (e5: "query: ", from the model card of intfloat/multilingual-e5-small) and the languages it serves
 * (`*` = any). A model not listed serves every language without a prefix.
 */
export interface ModelProfile { prefix: string; languages: readonly string[] | '*' }

export const MODEL_PROFILES: Readonly<Record<string, ModelProfile>> = {
  'Xenova/all-MiniLM-L6-v2': { prefix: '', languages: ['en'] },
  'Xenova/multilingual-e5-small': { prefix: 'query: ', languages: '*' },
  'intfloat/multilingual-e5-small': { prefix: 'query: ', languages: '*' },
};

export const profileOf = (modelId: string): ModelProfile => MODEL_PROFILES[modelId] ?? { prefix: '', languages: '*' };

export const serves = (profile: ModelProfile, language: string | null): boolean =>
  profile.languages === '*' || profile.languages.includes(language ?? 'en');
