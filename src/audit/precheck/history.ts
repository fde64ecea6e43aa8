/**
 * The history store real-time checks read: per person, the raw extract rows of the recent past
 * (a window of days before the newest data, default 400: the longest look-back of the catalogue
 * is a calendar year), in an LMDB file under the data dir. Reads are memory-mapped lookups of
 * one key, far inside the latency budget; a DuckDB query per request is not.
 *
 * Two parts: `imported` is rebuilt from the warehouse after each import (for the persons the import
 * touched); `checked` keeps settlements accepted by /settlement-check until an import brings the
 * settled claim itself (same keys: the imported rows win). Both survive restarts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { Warehouse } from '../../store/warehouse.js';
import { TABLE_BY_NAME } from '../../domain/tables.js';
import { emptyPersonData, mergePersonData, type RawPersonData, type Row } from '../../rules/realtime/data.js';
import { mergeRuns, RunOrderError, type RunQuery } from './history-runs.js';

const PERSON_TABLES = ['mdtrt_d', 'setl_d', 'fee_list_d', 'setl_list_diag_d', 'setl_list_oprn_d'] as const;
type PersonTable = (typeof PERSON_TABLES)[number];

/**
 * Stored value: JSON text built by DuckDB, {psn_info, <table>: [[values in columnsOf(table) order]]}.
 * Text goes into LMDB as it comes and out through JSON.parse, the cheapest way both ways.
 */
type Packed = string;
interface Unpacked {
  psn_info: Row | null;
  [table: string]: (string | null)[][] | Row | null;
}

/** The date column that places a row of each table in time (for the window). */
// Small enough that one range's packed text (string_agg is not spilled to disk) stays far inside DuckDB's memory limit.
const PERSONS_PER_BATCH = 4_000;

const TIME_COL: Record<PersonTable, string> = {
  mdtrt_d: 'begntime', setl_d: 'setl_time', fee_list_d: 'fee_ocur_time', setl_list_diag_d: 'setl_id', setl_list_oprn_d: 'setl_id',
};

/** Personal data the rules never read stays out of the history store. */
const PERSONAL = new Set(['psn_name', 'certno', 'tel', 'psn_cert_type']);
const columnsOf = (t: PersonTable): string[] => TABLE_BY_NAME.get(t)!.columns.map((c) => c.name).filter((c) => !PERSONAL.has(c));
const PSN_INFO_COLS = ['psn_no', 'gend', 'brdy', 'insutype', 'die_date'];

/** The psn_no of every person table's rows (of one import, when named). */
const personsSql = (importId: number | undefined) => PERSON_TABLES.map((t) =>
  `SELECT psn_no FROM ${t}${importId === undefined ? '' : ` WHERE _import_id = ${Number(importId)}`}`).join(' UNION ');

/** One row as a JSON array of text values (to_json over a nested list is several times slower). */
const rowText = (cols: string[]) => `CAST(to_json([${cols.map((c) => `CAST(x."${c}" AS VARCHAR)`).join(', ')}]) AS VARCHAR)`;

/**
 * The run of one import file of a table: psn_no, a key, whether the row is in the window, the row's text.
 * Diagnoses and operations follow their settlement into the window, so their key is the setl_id, and a
 * settlement's key is its setl_id when it was settled inside the window (params: file id, window start).
 */
function runSql(t: PersonTable | 'psn_info'): { sql: string } {
  if (t === 'psn_info') {
    return { sql: `SELECT psn_no, NULL AS k, true AS w, CAST(to_json({${PSN_INFO_COLS.map((c) => `'${c}': ${c}`).join(', ')}}) AS VARCHAR) AS r
      FROM psn_info WHERE _src_file_id = $1 AND psn_no IS NOT NULL` };
  }
  const time = TIME_COL[t];
  const key = t === 'setl_d' ? 'CASE WHEN x.setl_time >= CAST($2 AS DATE) THEN x.setl_id END'
    : time === 'setl_id' ? 'x.setl_id' : 'NULL';
  const w = time === 'setl_id' ? 'NULL' : `(x.${time} >= CAST($2 AS DATE) OR x.${time} IS NULL)`;
  return { sql: `SELECT x.psn_no, ${key} AS k, ${w} AS w, ${rowText(columnsOf(t))} AS r
    FROM ${t} x WHERE x._src_file_id = $1 AND x.psn_no IS NOT NULL` };
}

/** A person's value: {psn_info, <table>: [rows] | null}, from the merged runs' rows ([psn_no, k, w, text]). */
function packPerson(byTable: Map<string, unknown[][]>): Packed {
  const info = byTable.get('psn_info');
  const settled = new Set((byTable.get('setl_d') ?? []).map((r) => r[1]).filter((k) => k !== null));
  let out = `{"psn_info":${info?.length ? String(info[info.length - 1][3]) : 'null'}`;
  for (const t of PERSON_TABLES) {
    const rows = (byTable.get(t) ?? []).filter((r) => (TIME_COL[t] === 'setl_id' ? r[1] === null || settled.has(r[1]) : r[2] === true));
    out += `,"${t}":${rows.length ? `[${rows.map((r) => r[3]).join(',')}]` : 'null'}`;
  }
  return `${out}}`;
}

export interface HistoryBuildOptions {
  /** Only persons with rows in this import (default: every person). */
  importId?: number;
  windowDays?: number;
  onProgress?: (done: number, total: number) => void;
}

export class HistoryStore {
  private constructor(private readonly root: RootDatabase, private readonly imported: Database<Packed, string>,
    private readonly checked: Database<RawPersonData, string>, private readonly meta: Database<unknown, string>) {}

  static open(dataDir: string): HistoryStore {
    const path = join(dataDir, 'history');
    mkdirSync(path, { recursive: true });
    const root = open({ path: join(path, 'history.mdb'), compression: true, maxDbs: 8 });
    return new HistoryStore(root, root.openDB({ name: 'imported', encoding: 'string' }), root.openDB({ name: 'checked' }), root.openDB({ name: 'meta' }));
  }

  /** A person's history: imported rows plus checked settlements not yet imported. */
  get(psn_no: string): RawPersonData {
    const packed = this.imported.get(psn_no);
    const base = packed ? unpack(packed) : emptyPersonData();
    const checked = this.checked.get(psn_no);
    return checked ? mergePersonData(checked, base) : base;
  }

  /** Records a checked settlement (its rows) so that the next check of this person counts it. */
  async appendChecked(psn_no: string, rows: RawPersonData): Promise<void> {
    await this.checked.transaction(() => {
      const prev = this.checked.get(psn_no) ?? emptyPersonData();
      this.checked.put(psn_no, mergePersonData(prev, rows));
    });
  }

  persons(): number {
    return this.imported.getKeysCount();
  }

  builtAt(): string | null {
    return (this.meta.get('built_at') as string | undefined) ?? null;
  }

  /**
   * Rebuilds the imported part from the warehouse, for every person or those an import touched. Each
   * person's rows go in as one JSON text: DuckDB turns each row into a JSON array, JavaScript joins them.
   */
  async rebuild(wh: Warehouse, opts: HistoryBuildOptions = {}): Promise<{ persons: number; seconds: number; read: 'runs' | 'ranges' }> {
    const t0 = performance.now();
    const windowDays = opts.windowDays ?? 400;
    const newest = await wh.one<{ d: string | null }>('SELECT CAST(max(fee_ocur_time) AS DATE) AS d FROM fee_list_d');
    const since = newest?.d ? new Date(Date.parse(`${newest.d}T00:00:00Z`) - windowDays * 86_400_000).toISOString().slice(0, 10) : '1900-01-01';
    let persons: number;
    let read: 'runs' | 'ranges' = 'runs';
    try {
      persons = await this.rebuildFromRuns(wh, since, opts);
    } catch (e) {
      if (!(e instanceof RunOrderError)) throw e;
      read = 'ranges';
      persons = await this.rebuildByRanges(wh, since, opts);
    }
    await this.meta.put('built_at', new Date().toISOString());
    return { persons, seconds: (performance.now() - t0) / 1000, read };
  }

  /** Persons an import touched (all persons when no import is named). */
  private async scope(wh: Warehouse, importId: number | undefined): Promise<{ only: Set<string> | null; total: number }> {
    const rows = await wh.all<{ psn_no: string }>(`SELECT DISTINCT psn_no FROM (${personsSql(importId)}) WHERE psn_no IS NOT NULL`);
    return { only: importId === undefined ? null : new Set(rows.map((r) => r.psn_no)), total: rows.length };
  }

  /** One pass: a merge of every import file's rows, which the import stored in person order (history-runs.ts). */
  private async rebuildFromRuns(wh: Warehouse, since: string, opts: HistoryBuildOptions): Promise<number> {
    const { only, total } = await this.scope(wh, opts.importId);
    const queries: RunQuery[] = [];
    for (const t of ['psn_info', ...PERSON_TABLES] as const) {
      const files = await wh.all<{ f: number }>(`SELECT DISTINCT _src_file_id AS f FROM ${t} ORDER BY 1`);
      for (const { f } of files) queries.push({ table: t, ...runSql(t), params: t === 'psn_info' || TIME_COL[t] === 'setl_id' ? [Number(f)] : [Number(f), since] });
    }
    let done = 0;
    let batch: [string, string][] = [];
    const write = async () => {
      const rows = batch;
      batch = [];
      await this.imported.transaction(() => {
        for (const [psn, v] of rows) {
          this.imported.put(psn, v);
          if (this.checked.doesExist(psn)) this.pruneChecked(psn, v);
        }
      });
      done += rows.length;
      opts.onProgress?.(done, total);
    };
    // Insertion order is what makes each file a sorted run; it is kept only while this setting is on.
    await wh.run('SET preserve_insertion_order = true');
    try {
      await mergeRuns(() => wh.connect(), queries, async ({ psn_no, byTable }) => {
        if (only && !only.has(psn_no)) return;
        if (!PERSON_TABLES.some((t) => byTable.has(t))) return;
        batch.push([psn_no, packPerson(byTable)]);
        if (batch.length >= 2_000) await write();
      });
      if (batch.length) await write();
    } finally {
      await wh.run('SET preserve_insertion_order = false');
    }
    return done;
  }

  /**
   * Ranges of persons, each read with a psn_no range filter. Quadratic in the region (see history-runs.ts): kept
   * for a warehouse whose rows are not in person order per import file.
   */
  private async rebuildByRanges(wh: Warehouse, since: string, opts: HistoryBuildOptions): Promise<number> {
    await wh.run(`CREATE OR REPLACE TEMP TABLE hist_persons AS SELECT DISTINCT psn_no FROM (${personsSql(opts.importId)})
      WHERE psn_no IS NOT NULL`);
    const total = Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM hist_persons'))?.n ?? 0);
    const bounds = await wh.all<{ lo: string; hi: string }>(`SELECT min(psn_no) AS lo, max(psn_no) AS hi FROM (
        SELECT psn_no, (row_number() OVER (ORDER BY psn_no) - 1) // ${PERSONS_PER_BATCH} AS b FROM hist_persons) GROUP BY b ORDER BY b`);
    const parts = PERSON_TABLES.map((t) => {
      const cols = columnsOf(t);
      const time = TIME_COL[t];
      // Diagnoses and operations follow their settlement into the window.
      const inWindow = time === 'setl_id'
        ? `x.setl_id IS NULL OR x.setl_id IN (SELECT setl_id FROM setl_d WHERE psn_no BETWEEN $1 AND $2 AND setl_time >= CAST($3 AS DATE))`
        : `x.${time} >= CAST($3 AS DATE) OR x.${time} IS NULL`;
      return `${t}_p AS (SELECT psn_no, CAST('[' || string_agg(${rowText(cols)}, ',') || ']' AS JSON) AS ${t}
        FROM ${t} x WHERE x.psn_no BETWEEN $1 AND $2 AND (${inWindow}) GROUP BY psn_no)`;
    });
    const sql = `WITH ${parts.join(',\n')}
      SELECT h.psn_no, CAST(json_object('psn_info', to_json(p), ${PERSON_TABLES.map((t) => `'${t}', ${t}_p.${t}`).join(', ')}) AS VARCHAR) AS v
      FROM (SELECT psn_no FROM hist_persons WHERE psn_no BETWEEN $1 AND $2) h
      ${PERSON_TABLES.map((t) => `LEFT JOIN ${t}_p USING (psn_no)`).join(' ')}
      LEFT JOIN (SELECT ${PSN_INFO_COLS.join(', ')} FROM psn_info WHERE psn_no BETWEEN $1 AND $2) p USING (psn_no)`;
    let done = 0;
    for (const { lo, hi } of bounds) {
      const result = await wh.conn.stream(sql, [lo, hi, since]);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.getRowObjects(result.deduplicatedColumnNames()) as Record<string, string | null>[];
        await this.imported.transaction(() => {
          for (const r of rows) {
            this.imported.put(String(r.psn_no), r.v!);
            if (this.checked.doesExist(String(r.psn_no))) this.pruneChecked(String(r.psn_no), r.v!);
          }
        });
        done += rows.length;
        opts.onProgress?.(done, total);
      }
    }
    await wh.run('DROP TABLE IF EXISTS hist_persons');
    return done;
  }

  /** Checked settlements whose claim has now been imported are dropped from the checked part. */
  private pruneChecked(psn_no: string, packed: Packed): void {
    const checked = this.checked.get(psn_no);
    if (!checked) return;
    const imported = unpack(packed);
    const setls = new Set(imported.setl_d.map((r) => String(r.setl_id)));
    const visits = new Set(imported.mdtrt_d.map((r) => String(r.mdtrt_id)));
    const keep = (rows: Row[]) => rows.filter((r) => !setls.has(String(r.setl_id)));
    const rest: RawPersonData = { psn_info: checked.psn_info, mdtrt_d: checked.mdtrt_d.filter((r) => !visits.has(String(r.mdtrt_id))),
      setl_d: keep(checked.setl_d), fee_list_d: keep(checked.fee_list_d), setl_list_diag_d: keep(checked.setl_list_diag_d),
      setl_list_oprn_d: keep(checked.setl_list_oprn_d) };
    if (rest.setl_d.length + rest.fee_list_d.length + rest.mdtrt_d.length === 0) this.checked.remove(psn_no);
    else this.checked.put(psn_no, rest);
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}

/**
 * Per table, a function that turns one packed row (values in columnsOf order) into its row object. Built
 * as one object literal per table: every row then gets its final shape at once, several times cheaper
 * than adding 40-odd properties one by one, and this runs for every row of every check.
 */
const ROW_OF = Object.fromEntries(PERSON_TABLES.map((t) => [t, new Function('v',
  `return {${columnsOf(t).map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(', ')}};`) as (v: (string | null)[]) => Row]),
) as Record<PersonTable, (v: (string | null)[]) => Row>;

function unpack(p: Packed): RawPersonData {
  const v = JSON.parse(p) as Unpacked;
  const out = emptyPersonData();
  out.psn_info = (v.psn_info as Row | null) ?? null;
  for (const t of PERSON_TABLES) {
    const rows = v[t] as (string | null)[][] | null | undefined;
    if (rows) out[t] = rows.map(ROW_OF[t]);
  }
  return out;
}
