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

const PERSON_TABLES = ['mdtrt_d', 'setl_d', 'fee_list_d', 'setl_list_diag_d', 'setl_list_oprn_d'] as const;
type PersonTable = (typeof PERSON_TABLES)[number];

/** Stored value: per table its column names once and the rows as arrays of text (compact). */
interface Packed {
  psn_info: Row | null;
  tables: Partial<Record<PersonTable, { cols: string[]; rows: (string | null)[][] }>>;
}

/** The date column that places a row of each table in time (for the window). */
const TIME_COL: Record<PersonTable, string> = {
  mdtrt_d: 'begntime', setl_d: 'setl_time', fee_list_d: 'fee_ocur_time', setl_list_diag_d: 'setl_id', setl_list_oprn_d: 'setl_id',
};

/** Personal data the rules never read stays out of the history store. */
const PERSONAL = new Set(['psn_name', 'certno', 'tel', 'psn_cert_type']);
const columnsOf = (t: PersonTable): string[] => TABLE_BY_NAME.get(t)!.columns.map((c) => c.name).filter((c) => !PERSONAL.has(c));

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
    return new HistoryStore(root, root.openDB({ name: 'imported' }), root.openDB({ name: 'checked' }), root.openDB({ name: 'meta' }));
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
   * Rebuilds the imported part from the warehouse, for every person or those an import touched.
   * DuckDB packs each person's rows into one JSON text per table, so only one value per person
   * crosses into JavaScript.
   */
  async rebuild(wh: Warehouse, opts: HistoryBuildOptions = {}): Promise<{ persons: number; seconds: number }> {
    const t0 = performance.now();
    const windowDays = opts.windowDays ?? 400;
    const newest = await wh.one<{ d: string | null }>('SELECT CAST(max(fee_ocur_time) AS DATE) AS d FROM fee_list_d');
    const since = newest?.d ? new Date(Date.parse(`${newest.d}T00:00:00Z`) - windowDays * 86_400_000).toISOString().slice(0, 10) : '1900-01-01';
    const scope = opts.importId === undefined ? '' : `WHERE psn_no IN (SELECT psn_no FROM (${PERSON_TABLES.map((t) =>
      `SELECT psn_no FROM ${t} WHERE _import_id = ${Number(opts.importId)}`).join(' UNION ')}))`;
    await wh.run(`CREATE OR REPLACE TEMP TABLE hist_persons AS SELECT DISTINCT psn_no FROM (${PERSON_TABLES.map((t) =>
      `SELECT psn_no FROM ${t}`).join(' UNION ')}) ${scope}`);
    const total = Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM hist_persons'))?.n ?? 0);
    const parts = PERSON_TABLES.map((t) => {
      const cols = columnsOf(t);
      const time = TIME_COL[t];
      // Diagnoses and operations follow their settlement into the window.
      const inWindow = time === 'setl_id'
        ? `x.setl_id IN (SELECT setl_id FROM setl_d WHERE setl_time >= CAST(? AS DATE)) OR x.setl_id IS NULL`
        : `x.${time} >= CAST(? AS DATE) OR x.${time} IS NULL`;
      return `${t}_p AS (SELECT psn_no, to_json(list([${cols.map((c) => `CAST(x."${c}" AS VARCHAR)`).join(', ')}])) AS ${t}
        FROM ${t} x WHERE psn_no IN (SELECT psn_no FROM hist_persons) AND (${inWindow}) GROUP BY psn_no)`;
    });
    const sql = `WITH ${parts.join(',\n')}
      SELECT h.psn_no, ${PERSON_TABLES.map((t) => `CAST(${t}_p.${t} AS VARCHAR) AS ${t}`).join(', ')},
        CAST(to_json(p) AS VARCHAR) AS psn_info
      FROM hist_persons h ${PERSON_TABLES.map((t) => `LEFT JOIN ${t}_p USING (psn_no)`).join(' ')}
      LEFT JOIN (SELECT psn_no, gend, brdy, insutype, die_date FROM psn_info) p USING (psn_no)`;
    const colsOf = Object.fromEntries(PERSON_TABLES.map((t) => [t, columnsOf(t)]));
    const result = await wh.conn.stream(sql, PERSON_TABLES.map(() => since));
    let done = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.getRowObjects(result.deduplicatedColumnNames()) as Record<string, string | null>[];
      await this.imported.transaction(() => {
        for (const r of rows) {
          const packed: Packed = { psn_info: r.psn_info ? JSON.parse(r.psn_info) as Row : null, tables: {} };
          for (const t of PERSON_TABLES) {
            if (r[t]) packed.tables[t] = { cols: colsOf[t], rows: JSON.parse(r[t]!) as (string | null)[][] };
          }
          this.imported.put(String(r.psn_no), packed);
          this.pruneChecked(String(r.psn_no), packed);
        }
      });
      done += rows.length;
      opts.onProgress?.(done, total);
    }
    await this.meta.put('built_at', new Date().toISOString());
    await wh.run('DROP TABLE IF EXISTS hist_persons');
    return { persons: done, seconds: (performance.now() - t0) / 1000 };
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

function unpack(p: Packed): RawPersonData {
  const out = emptyPersonData();
  out.psn_info = p.psn_info;
  for (const t of PERSON_TABLES) {
    const tab = p.tables[t];
    if (!tab) continue;
    out[t] = tab.rows.map((vals) => {
      const row: Row = {};
      tab.cols.forEach((c, i) => { row[c] = vals[i]; });
      return row;
    });
  }
  return out;
}
