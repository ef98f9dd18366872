import type { PoolClient } from 'pg';
import { quoteIdent } from '../identifiers';

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Bulk-load helper (what pg_restore does): drop the foreign keys of `tables`, run `work`, re-create them.
 * Re-adding validates every row in one join pass, far cheaper than a per-row check on each insert.
 * Call inside a transaction: if anything fails, the drop is rolled back with the rows.
 */
export async function withoutForeignKeys<T>(client: PoolClient, tables: readonly string[], work: () => Promise<T>): Promise<T> {
  const { rows } = await client.query<ForeignKey>(
    `SELECT c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
     WHERE con.contype = 'f' AND con.conrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)
     ORDER BY c.relname, con.conname`,
    [tables],
  );
  for (const fk of rows) await client.query(`ALTER TABLE ${quoteIdent(fk.table)} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
  const result = await work();
  for (const fk of rows) {
    await client.query(`ALTER TABLE ${quoteIdent(fk.table)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
  }
  return result;
}
