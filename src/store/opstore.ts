/**
 * The operational store: PostgreSQL dialect. Embedded PGlite under the data dir by default; a real
 * server when DATABASE_URL (or the url option) is set. Same SQL, same migrations on both.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { regionTimeZone } from '../domain/time.js';

export type OpParam = string | number | bigint | boolean | null | Date;

export interface OpMigration {
  version: number;
  /** One or more statements separated by semicolons (no procedural bodies). */
  sql: string;
}

export interface OpQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: OpParam[]): Promise<T[]>;
}

export interface OpStore extends OpQueryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction on one connection; an error rolls it back. */
  transaction<T>(fn: (tx: OpQueryable) => Promise<T>): Promise<T>;
  /** Applies a module's migrations once each (versions counted per module). */
  ensureSchema(module: string, migrations: OpMigration[]): Promise<void>;
  /**
   * Refreshes the planner's statistics of tables that just changed a lot (findings of a run, reviews).
   * The embedded store has no autovacuum: without this its plans are made for empty tables.
   */
  analyze(tables: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface OpStoreOptions {
  dataDir: string;
  /** postgres://… ; when absent, DATABASE_URL; when that is absent too, embedded PGlite. */
  url?: string;
  /** Schema to use on a server, so tests and regions can share one database without clashing. */
  schema?: string;
}

function splitStatements(sql: string): string[] {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
}

abstract class BaseStore implements OpStore {
  abstract readonly kind: 'pglite' | 'postgres';
  abstract query<T = Record<string, unknown>>(sql: string, params?: OpParam[]): Promise<T[]>;
  abstract transaction<T>(fn: (tx: OpQueryable) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
  // Migrations only move forward: once a module is at its newest version in this process, checking again is waste.
  private readonly schemaDone = new Map<string, Promise<void>>();

  ensureSchema(module: string, migrations: OpMigration[]): Promise<void> {
    const key = `${module}@${Math.max(0, ...migrations.map((m) => m.version))}`;
    let p = this.schemaDone.get(key);
    if (!p) {
      p = this.applyMigrations(module, migrations);
      this.schemaDone.set(key, p);
      p.catch(() => this.schemaDone.delete(key));
    }
    return p;
  }

  async analyze(tables: string[]): Promise<void> {
    for (const t of tables) {
      if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`invalid table name: ${t}`);
      // Tables a module creates on first use may not exist yet: nothing to analyse then.
      const [r] = await this.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [t]);
      if (r?.t) await this.query(`ANALYZE ${t}`);
    }
  }

  private async applyMigrations(module: string, migrations: OpMigration[]): Promise<void> {
    await this.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (module, version))`);
    const done = new Set((await this.query<{ version: number }>(
      'SELECT version FROM schema_migrations WHERE module = $1', [module])).map((r) => Number(r.version)));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await this.transaction(async (tx) => {
        for (const stmt of splitStatements(m.sql)) await tx.query(stmt);
        await tx.query('INSERT INTO schema_migrations (module, version) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [module, m.version]);
      });
    }
  }
}

class PgliteStore extends BaseStore {
  readonly kind = 'pglite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly db: PGlite) { super(); }

  async query<T>(sql: string, params: OpParam[] = []): Promise<T[]> {
    const r = await this.db.query<T>(sql, params as unknown[]);
    return r.rows;
  }

  transaction<T>(fn: (tx: OpQueryable) => Promise<T>): Promise<T> {
    // PGlite is one connection: serialise transactions so they never interleave.
    const run = this.queue.then(() => this.db.transaction(async (t) => fn({
      query: async <R>(sql: string, params: OpParam[] = []) => (await t.query<R>(sql, params as unknown[])).rows,
    })));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> { await this.db.close(); }
}

class PostgresStore extends BaseStore {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) { super(); }

  async query<T>(sql: string, params: OpParam[] = []): Promise<T[]> {
    const r = await this.pool.query(sql, params as unknown[]);
    return r.rows as T[];
  }

  async transaction<T>(fn: (tx: OpQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn({
        query: async <R>(sql: string, params: OpParam[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
      });
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> { await this.pool.end(); }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openOpStore(opts: OpStoreOptions): Promise<OpStore> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) {
    const schema = opts.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    if (schema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try { await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`); } finally { await admin.end(); }
    }
    // search_path as a startup option, so every pooled connection has it before its first query.
    // The region's time zone for every pooled connection: current_date and months are the bureau's calendar.
    const options = [`-c TimeZone=${regionTimeZone()}`, ...(schema ? [`-c search_path=${schema}`] : [])].join(' ');
    const pool = new pg.Pool({ connectionString: url, max: 10, options });
    return new PostgresStore(pool);
  }
  const dir = join(opts.dataDir, 'opstore');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  await db.query(`SET TIME ZONE '${regionTimeZone()}'`);
  return new PgliteStore(db);
}
