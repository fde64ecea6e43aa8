/**
 * The claims warehouse: one DuckDB file under the data dir. Batch work runs as SQL inside the
 * engine (streaming rows into JS is two orders of magnitude slower). Values read back come out
 * JSON-safe: decimals and big integers as strings, dates as ISO text, so money stays exact.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { CORE_MIGRATIONS, type WarehouseMigration } from './warehouse-schema.js';

/** FUNDGUARD_TRACE_SQL=1 prints each statement's duration to stderr. */
const TRACE = process.env.FUNDGUARD_TRACE_SQL === '1';

export type SqlParam = string | number | bigint | boolean | null;
export type Row = Record<string, unknown>;

/**
 * DuckDB's memory limit unless FUNDGUARD_DUCKDB_MEMORY says otherwise: half the machine's memory (at least 1 GiB),
 * leaving the rest to Node, the operational store and the history store. A region of 100M fee lines needs far
 * more than a fixed few GB to import in one transaction and to audit without spilling everything to disk.
 */
export function defaultMemoryLimit(): string {
  return `${Math.max(1, Math.floor(totalmem() / 2 / 2 ** 30))}GiB`;
}

export interface WarehouseOptions {
  /** DuckDB memory limit, e.g. '4GB'; past it DuckDB spills to the data dir's tmp folder. */
  memoryLimit?: string;
  threads?: number;
  readOnly?: boolean;
}

export interface WarehouseReader {
  all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  one<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  close(): void;
}

export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(dataDir: string, opts: WarehouseOptions = {}): Promise<Warehouse> {
    mkdirSync(dataDir, { recursive: true });
    const tmp = join(dataDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const path = join(dataDir, 'warehouse.duckdb');
    const config: Record<string, string> = {
      threads: String(opts.threads ?? 2),
      memory_limit: opts.memoryLimit ?? process.env.FUNDGUARD_DUCKDB_MEMORY ?? defaultMemoryLimit(),
      temp_directory: tmp,
      // Order is asked for explicitly where it matters; without this, writes run twice as fast.
      preserve_insertion_order: 'false',
    };
    if (opts.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg)) {
        throw new Error(`数据仓库正被另一个进程使用（${path}）；请先停止正在运行的服务或导入任务。` +
          ` / The warehouse is in use by another process: ${msg}`);
      }
      throw e;
    }
    const conn = await instance.connect();
    const wh = new Warehouse(path, instance, conn);
    if (!opts.readOnly) await wh.migrate();
    return wh;
  }

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    const t = TRACE ? performance.now() : 0;
    await this.conn.run(sql, params.length ? (params as never) : undefined);
    if (TRACE) process.stderr.write(`[sql ${(performance.now() - t).toFixed(0)} ms] ${sql.slice(0, 100).replace(/\s+/g, ' ')}\n`);
  }

  async all<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const r = await this.conn.runAndReadAll(sql, params.length ? (params as never) : undefined);
    return r.getRowObjectsJson() as T[];
  }

  async one<T = Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Extra connections for short point reads (a finding's evidence, a person's visits), so that
   * reviewers' pages do not queue behind each other on the one main connection. Each connection runs
   * one statement at a time; calls go to the least busy one.
   */
  async readerPool(size = 2): Promise<WarehouseReader> {
    const conns = await Promise.all(Array.from({ length: size }, () => this.instance.connect()));
    const queues = conns.map(() => ({ tail: Promise.resolve() as Promise<unknown>, waiting: 0 }));
    const all = <T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> => {
      let k = 0;
      for (let i = 1; i < queues.length; i++) if (queues[i].waiting < queues[k].waiting) k = i;
      const q = queues[k];
      q.waiting++;
      const p = q.tail.then(async () => (await conns[k].runAndReadAll(sql, params.length ? (params as never) : undefined)).getRowObjectsJson() as T[]);
      q.tail = p.catch(() => undefined).finally(() => { q.waiting--; });
      return p;
    };
    return { all, one: async <T = Row>(sql: string, params: SqlParam[] = []) => (await all<T>(sql, params))[0],
      close: () => { for (const c of conns) c.closeSync(); } };
  }

  /** A connection of its own for a streaming read beside the main one; the caller closes it. */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Runs fn inside one transaction; any error rolls everything back. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (e) {
      try { await this.conn.run('ROLLBACK'); } catch { /* already aborted */ }
      throw e;
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const r = await this.one<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", [name]);
    return Number(r?.n ?? 0) > 0;
  }

  /**
   * Applies a module's versioned migrations once each. Every module owns its tables and calls
   * this before first use; versions are counted per module.
   */
  async ensureSchema(module: string, migrations: WarehouseMigration[]): Promise<void> {
    await this.run(`CREATE TABLE IF NOT EXISTS schema_version (
      module VARCHAR NOT NULL, version INTEGER NOT NULL, applied_at TIMESTAMP, PRIMARY KEY (module, version))`);
    const done = new Set((await this.all<{ version: number }>(
      'SELECT version FROM schema_version WHERE module = ?', [module])).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await this.transaction(async () => {
        for (const stmt of m.statements()) await this.run(stmt);
        await this.run('INSERT INTO schema_version VALUES (?, ?, now())', [module, m.version]);
      });
    }
  }

  private async migrate(): Promise<void> {
    await this.ensureSchema('core', CORE_MIGRATIONS);
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
