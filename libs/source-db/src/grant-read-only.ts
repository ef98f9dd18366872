import type { Pool } from 'pg';
import { quoteIdent } from './identifiers';

/**
 * Let `role` read (never write) the source tables of `schema`, including tables created later by the
 * connecting role. Run as the owner role on the source database; the extractor connects as `role`.
 */
export async function grantReadOnly(pool: Pool, role: string, schema = 'public'): Promise<void> {
  const r = quoteIdent(role);
  const s = quoteIdent(schema);
  const { rows } = await pool.query<{ db: string }>('SELECT current_database() AS db');
  await pool.query(`GRANT CONNECT ON DATABASE ${quoteIdent(rows[0].db)} TO ${r}`);
  await pool.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await pool.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await pool.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${r}`);
}
