import { Pool } from 'pg';
import { migrate } from '@reviewlens/source-db';
import { serviceEnv, uniqueName } from '@reviewlens/testing';

/** A fresh, migrated source database for one test file; `drop()` removes it. */
export async function createSourceTestDb(prefix: string): Promise<{ pool: Pool; url: string; drop: () => Promise<void> }> {
  const env = serviceEnv();
  const name = uniqueName(prefix, { separator: '_' });
  const admin = new Pool({ connectionString: env.sourceDatabaseUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(env.sourceDatabaseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new Pool({ connectionString: url, max: 4 });
  // Idle clients are terminated by DROP DATABASE ... WITH (FORCE) at the end: not a test failure.
  pool.on('error', () => undefined);
  await migrate(pool);
  return {
    pool,
    url,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * A digest of the source's review rows with their links, product and buyer (every column except updated_at), ordered
 * by review id: equal digests = byte-identical rows. Also the row count.
 */
export async function dumpSourceRows(pool: Pool): Promise<string> {
  const { rows } = await pool.query(`
    SELECT count(*) AS n, md5(string_agg(row_to_json(x)::text, E'\n' ORDER BY x.review_id)) AS digest FROM (
    SELECT r.review_id, r.buyer_id, r.r_desc, r.title, r.rating, r.helpful_votes, r.total_votes, r.language,
           to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, pr.p_id,
           p.name, p.category, p.brand, p.price::text AS price, b.name AS buyer_name
    FROM review r LEFT JOIN product_reviews pr USING (review_id) LEFT JOIN product p USING (p_id) LEFT JOIN buyer b ON b.buyer_id = r.buyer_id
    ) x`);
  return `${rows[0].n} rows, md5 ${rows[0].digest}`;
}
