/**
 * Every person's rows for the history store in one pass over the warehouse.
 *
 * The import writes each file's rows sorted by person (importer `loadSql`), so every import file of every
 * person table is a run of rows in psn_no order. One cursor per run and a k-way merge meet each person once,
 * in order, without sorting the warehouse again: the cost grows with the rows, not with rows × persons.
 * (Ranges of psn_no cannot do this: DuckDB keeps 8 bytes of a string's min/max per row group and psn_no start
 * with the region code, so every range read the whole table.)
 *
 * The runs are read in insertion order, which DuckDB keeps only while `preserve_insertion_order` is on; a run
 * found out of order (rows written by something other than the import) raises RunOrderError and the caller
 * falls back to reading by ranges.
 */
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import type { SqlParam } from '../../store/warehouse.js';

export class RunOrderError extends Error {}

/** One sorted run: rows of [psn_no, key, in_window, row_text]. */
class Run {
  private rows: unknown[][] = [];
  private i = 0;
  done = false;

  private constructor(readonly table: string, private readonly result: DuckDBResult) {}

  static async open(conn: DuckDBConnection, table: string, sql: string, params: SqlParam[]): Promise<Run> {
    const run = new Run(table, await conn.stream(sql, params as never));
    await run.fill();
    return run;
  }

  private async fill(): Promise<void> {
    for (;;) {
      const chunk = await this.result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) { this.done = true; this.rows = []; this.i = 0; return; }
      this.rows = chunk.getRows();
      this.i = 0;
      if (this.rows.length) return;
    }
  }

  head(): string | undefined {
    return this.done ? undefined : (this.rows[this.i][0] as string);
  }

  /** The rows of person `psn` at the head of the run, in run order. */
  async take(psn: string, out: unknown[][]): Promise<void> {
    while (!this.done && this.rows[this.i][0] === psn) {
      out.push(this.rows[this.i]);
      this.i++;
      if (this.i === this.rows.length) await this.fill();
    }
    const next = this.head();
    if (next !== undefined && next < psn) throw new RunOrderError(`${this.table}: rows not in person order`);
  }
}

export interface RunQuery {
  table: string;
  sql: string;
  params: SqlParam[];
}

export interface PersonRows {
  psn_no: string;
  /** Per table, the rows of the person: [psn_no, key, in_window, row_text]. */
  byTable: Map<string, unknown[][]>;
}

/**
 * Merges the runs and calls `visit` once per person (psn_no order) with the rows of every run. Each run needs a
 * connection of its own: a DuckDB connection streams one result at a time.
 */
export async function mergeRuns(connect: () => Promise<DuckDBConnection>, queries: RunQuery[],
  visit: (p: PersonRows) => Promise<void> | void): Promise<void> {
  const conns: DuckDBConnection[] = [];
  try {
    const runs: Run[] = [];
    for (const q of queries) {
      const conn = await connect();
      conns.push(conn);
      runs.push(await Run.open(conn, q.table, q.sql, q.params));
    }
    for (;;) {
      let psn: string | undefined;
      for (const r of runs) {
        const h = r.head();
        if (h !== undefined && (psn === undefined || h < psn)) psn = h;
      }
      if (psn === undefined) return;
      const byTable = new Map<string, unknown[][]>();
      for (const r of runs) {
        if (r.head() !== psn) continue;
        let rows = byTable.get(r.table);
        if (!rows) byTable.set(r.table, rows = []);
        await r.take(psn, rows);
      }
      await visit({ psn_no: psn, byTable });
    }
  } finally {
    for (const c of conns) c.closeSync();
  }
}
