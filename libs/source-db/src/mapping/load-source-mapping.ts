import { readFileSync } from 'node:fs';
import { DEFAULT_SOURCE_MAPPING, type SourceMapping } from './source-mapping';
import { mergeSourceMapping, SourceMappingFileSchema } from './source-mapping.schema';

export class SourceMappingError extends Error {
  constructor(source: string, public readonly issues: string[]) {
    super(`Invalid source mapping ${source}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'SourceMappingError';
  }
}

/** Validate a parsed mapping document (e.g. from JSON) and overlay it on the default mapping. */
export function parseSourceMapping(document: unknown, source = '(inline)'): SourceMapping {
  const parsed = SourceMappingFileSchema.safeParse(document);
  if (!parsed.success) {
    throw new SourceMappingError(
      source,
      parsed.error.issues.map((issue) => {
        const where = issue.path.join('.') || '(root)';
        const unknown = issue.code === 'unrecognized_keys' ? ` (allowed keys are listed in docs/source-mapping.md)` : '';
        return `${where}: ${issue.message}${unknown}`;
      }),
    );
  }
  return mergeSourceMapping(parsed.data);
}

/** Read a JSON mapping file; no file means the default mapping. */
export function loadSourceMapping(file?: string | null): SourceMapping {
  if (!file) return DEFAULT_SOURCE_MAPPING;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourceMappingError(file, [`cannot read file: ${(error as Error).message}`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SourceMappingError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseSourceMapping(document, file);
}
