/** PostgreSQL truncates identifiers longer than NAMEDATALEN-1 (63 bytes) silently; we refuse them instead. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Why `name` cannot be used as an identifier, or null when it can. */
export function identifierProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.includes('\u0000')) return 'must not contain NUL characters';
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) return `must be at most ${MAX_IDENTIFIER_BYTES} bytes`;
  return null;
}

/**
 * Quote one identifier for SQL text: always double-quoted with embedded quotes doubled, so any
 * name (including `x"; DROP TABLE y; --`) is a single identifier, never SQL. Quoted names are
 * case-sensitive: give them as stored (PostgreSQL folds unquoted names to lower case).
 */
export function quoteIdent(name: string): string {
  const problem = identifierProblem(name);
  if (problem) throw new Error(`Invalid SQL identifier ${JSON.stringify(name)}: ${problem}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`, or just `"table"` when no schema is given (search_path decides). */
export function qualifiedName(table: string, schema?: string | null): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}
