/**
 * Library-neutral column definitions of the three lake layers.
 * One list per layer, in file column order. The codec maps these onto Parquet physical types:
 *   string  -> BYTE_ARRAY (UTF8)
 *   int32   -> INT32        (every integer in our rows fits; range-checked on encode)
 *   double  -> DOUBLE
 *   boolean -> BOOLEAN
 *   json    -> BYTE_ARRAY (UTF8) holding JSON text, parsed on decode
 */
export type ColumnKind = 'string' | 'int32' | 'double' | 'boolean' | 'json';

export interface LakeColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

export type LakeLayer = 'cleaned' | 'rejects' | 'curated';

const col = (name: string, kind: ColumnKind, nullable = false): LakeColumn => ({ name, kind, nullable });

export const CLEANED_COLUMNS: readonly LakeColumn[] = [
  col('reviewId', 'string'),
  col('runId', 'string'),
  col('productId', 'string'),
  col('productName', 'string', true),
  col('category', 'string', true),
  col('brand', 'string', true),
  col('userHash', 'string', true),
  col('title', 'string', true),
  col('text', 'string'),
  col('rating', 'int32'),
  col('helpfulVotes', 'int32'),
  col('totalVotes', 'int32'),
  col('language', 'string', true),
  col('hasImage', 'boolean'),
  col('hasSubscription', 'boolean'),
  col('verifiedBuyer', 'boolean'),
  col('createdAt', 'string', true),
  col('updatedAt', 'string'),
  col('textLength', 'int32'),
  col('wordCount', 'int32'),
];

export const CURATED_COLUMNS: readonly LakeColumn[] = [
  ...CLEANED_COLUMNS,
  col('theme', 'string'),
  col('confidence', 'double'),
  col('themeScores', 'json'),
  col('modelId', 'string'),
  col('themesVersion', 'string'),
  col('relevance', 'double'),
];

export const REJECT_COLUMNS: readonly LakeColumn[] = [
  col('reviewId', 'string', true),
  col('runId', 'string'),
  col('batchId', 'string'),
  col('reason', 'string'),
  col('detail', 'string', true),
  col('raw', 'string'),
];

export const LAYER_COLUMNS: Readonly<Record<LakeLayer, readonly LakeColumn[]>> = {
  cleaned: CLEANED_COLUMNS,
  rejects: REJECT_COLUMNS,
  curated: CURATED_COLUMNS,
};
