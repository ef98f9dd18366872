import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { MIGRATIONS, type Migration } from './migrations';
import { inTransaction } from './in-transaction';

export const MIGRATIONS_TABLE = 'reviewlens_migrations';
/** Arbitrary constant key: serialises concurrent `migrate` calls against the same database. */
const MIGRATION_LOCK_KEY = 734_110_529;

export interface MigrateResult {
  applied: number[];
  alreadyApplied: number[];
}

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`migration ${m.name}: bad version ${m.version}`);
    if (i > 0 && m.version <= migrations[i - 1].version) throw new Error(`migrations out of order at version ${m.version}`);
  });
}

/**
 * Apply every pending migration, each in its own transaction together with its row in
 * `reviewlens_migrations`. Idempotent; safe to run concurrently (advisory lock). A changed SQL text of
 * an already-applied migration is an error: migrations are append-only.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  assertOrdered(migrations);
  const client = await pool.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  try {
    await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
           version    integer PRIMARY KEY,
           name       text NOT NULL,
           checksum   text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
    });
    for (const migration of migrations) {
      await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        const { rows } = await client.query<{ checksum: string }>(
          `SELECT checksum FROM ${MIGRATIONS_TABLE} WHERE version = $1`,
          [migration.version],
        );
        const checksum = migrationChecksum(migration);
        if (rows.length > 0) {
          if (rows[0].checksum !== checksum) {
            throw new Error(`migration ${migration.version} (${migration.name}) was applied with different SQL; add a new migration instead of editing it`);
          }
          result.alreadyApplied.push(migration.version);
          return;
        }
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, checksum) VALUES ($1, $2, $3)`, [
          migration.version,
          migration.name,
          checksum,
        ]);
        result.applied.push(migration.version);
      });
    }
    return result;
  } finally {
    client.release();
  }
}

/** Versions recorded as applied, ascending (empty when the database was never migrated). */
export async function appliedMigrations(pool: Pool): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(
    `SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`,
  ).catch((error: { code?: string }) => {
    if (error.code === '42P01') return { rows: [] as { version: number }[] };
    throw error;
  });
  return rows.map((r) => r.version);
}
