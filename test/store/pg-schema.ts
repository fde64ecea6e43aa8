/** Drops a test's own schema on the PostgreSQL test server, so repeated runs leave nothing behind. */
import pg from 'pg';

export async function dropTestSchema(url: string | undefined, schema: string | undefined): Promise<void> {
  if (!url || !schema || !/^fg_[a-z0-9_]+$/.test(schema)) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); } finally { await c.end(); }
}
