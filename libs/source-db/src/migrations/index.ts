import { originalSchema } from './0001-original-schema';
import { incrementalExtraction } from './0002-incremental-extraction';
import type { Migration } from './migration';

export type { Migration } from './migration';

/**
 * Every migration, in order. The SQL lives in TypeScript modules (not .sql files) so the compiled
 * build carries it: no asset copying, no path resolution at runtime.
 */
export const MIGRATIONS: readonly Migration[] = [originalSchema, incrementalExtraction];
