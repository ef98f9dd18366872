/**
 * Library-neutral column definitions of the three lake layers.
 * One list per layer, in file column order. The codec maps these onto Parquet physical types:
 *   string  -> BYTE_ARRAY (UTF8)
 *   int32   -> INT32        (every integer in our rows fits; range-checked on encode)
 *   double  -> DOUBLE
 *   boolean -> BOOLEAN
 *   json    -> BYTE_ARRAY (UTF8) holding JSON text, parsed on decode
 * Nested values (themeScores, themes) are JSON text columns, not Parquet LIST/STRUCT columns: every reader of the lake
 * (the api, the loader's carry-over, pyarrow/duckdb users with json functions) decodes them the same way. hyparquet-writer
 * can write nested columns from an explicit schema; typed nested columns are left to the serving work.
 */
export type ColumnKind = 'string' | 'int32' | 'double' | 'boolean' | 'json';

export interface LakeColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /**
   * Columns added after the layer's first files: the value a row decodes to when a file lacks the column (older
   * parts of a snapshot stay readable). Undefined = the column is required in every file.
   */
  readonly absentValue?: unknown;
  /**
   * Free text or JSON (review text, titles, theme lists, raw rows): written PLAIN without min/max statistics, which no
   * reader can prune on and which cost a third of the encoding time (bench/pipeline/stages.bench.ts).
   */
  readonly freeText?: boolean;
  /**
   * Unique or nearly unique per row (ids, pseudonyms, timestamps): written PLAIN without trying a dictionary, which
   * never wins on them and whose sampling cost a tenth of the encoding time (bench/pipeline/stages.bench.ts --profile).
   */
  readonly highCardinality?: boolean;
  /** Written without min/max statistics: values nobody filters by range (pseudonymous user hashes). */
  readonly noStatistics?: boolean;
}

export type LakeLayer = 'cleaned' | 'rejects' | 'curated';

const col = (name: string, kind: ColumnKind, nullable = false): LakeColumn => ({ name, kind, nullable });
/** A column added later: files written before it decode to `absentValue`. */
const added = (name: string, kind: ColumnKind, nullable: boolean, absentValue: unknown): LakeColumn => ({ name, kind, nullable, absentValue });
/** A free-text column (see {@link LakeColumn.freeText}). */
const text = (column: LakeColumn): LakeColumn => ({ ...column, freeText: true });
/** A unique-per-row column (see {@link LakeColumn.highCardinality}). */
const unique = (column: LakeColumn, extra: Partial<LakeColumn> = {}): LakeColumn => ({ ...column, highCardinality: true, ...extra });

export const CLEANED_COLUMNS: readonly LakeColumn[] = [
  unique(col('reviewId', 'string')),
  col('runId', 'string'),
  col('productId', 'string'),
  col('productName', 'string', true),
  col('category', 'string', true),
  col('brand', 'string', true),
  unique(col('userHash', 'string', true), { noStatistics: true }),
  text(col('title', 'string', true)),
  text(col('text', 'string')),
  col('rating', 'int32'),
  col('helpfulVotes', 'int32'),
  col('totalVotes', 'int32'),
  col('language', 'string', true),
  col('hasImage', 'boolean'),
  col('hasSubscription', 'boolean'),
  col('verifiedBuyer', 'boolean'),
  unique(col('createdAt', 'string', true)),
  unique(col('updatedAt', 'string')),
  col('textLength', 'int32'),
  col('wordCount', 'int32'),
];

export const CURATED_COLUMNS: readonly LakeColumn[] = [
  ...CLEANED_COLUMNS,
  col('theme', 'string'),
  col('confidence', 'double'),
  text(col('themeScores', 'json')),
  // Aspect engine output (absent in parts written before it: [] / null).
  // themes: JSON text of [{theme, score, polarity, evidence}], highest score first; "[]" when none was detected.
  text(added('themes', 'json', false, [])),
  added('sentiment', 'double', true, null),
  added('sentimentLabel', 'string', true, null),
  added('legacyCategory', 'string', true, null),
  added('detectedLanguage', 'string', true, null),
  col('modelId', 'string'),
  col('themesVersion', 'string'),
  col('relevance', 'double'),
];

export const REJECT_COLUMNS: readonly LakeColumn[] = [
  col('reviewId', 'string', true),
  col('runId', 'string'),
  col('batchId', 'string'),
  col('reason', 'string'),
  text(col('detail', 'string', true)),
  text(col('raw', 'string')),
];

export const LAYER_COLUMNS: Readonly<Record<LakeLayer, readonly LakeColumn[]>> = {
  cleaned: CLEANED_COLUMNS,
  rejects: REJECT_COLUMNS,
  curated: CURATED_COLUMNS,
};
