/**
 * The grouper's records from the warehouse: one per inpatient settlement discharged in a period,
 * built by ONE query (diagnoses and procedures as ordered lists aggregated in DuckDB) and read
 * chunk by chunk straight from DuckDB's vectors (no row objects, no JSON).
 *
 * Which settlements: as the batch rules see them (rules/base-views.ts) — void rows (vali_flag '0')
 * are ignored; a refund (refd_setl_flag '1') and the settlement it reverses (init_setl_id) both
 * drop out; a visit is inpatient when its mdtrt_d.med_type starts with one of the rules' inpatient
 * codes (21 普通住院 and the other stay types, regional sub-codes included).
 *
 * Fields:
 *  - discharge date: mdtrt_d.endtime, else setl_d.enddate; admission: begntime, else begndate;
 *  - sex: mdtrt_d.gend, else psn_info.gend; '0' 未知 and '9' 未说明 count as missing;
 *  - age in whole years at admission from brdy (else mdtrt_d.age); age in days from brdy for
 *    infants under one year, 0 for older persons, unknown without brdy;
 *  - diagnoses from setl_list_diag_d (maindiag_flag '1' first, then by setl_list_diag_id); a
 *    settlement without list diagnoses falls back to mdtrt_d.dscg_maindiag_code;
 *  - procedures from setl_list_oprn_d (main_oprn_flag '1' first, then by setl_list_oprn_id);
 *  - birth weight from the optional, non-national mdtrt_d.nwb_bir_wt (grams);
 *  - for settlement: medfee_sumamt and hifp_pay in fen, LOS (ipt_days, else the dates), the
 *    discharge department and the chief doctor.
 */
import type { DuckDBDataChunk, DuckDBListVector, DuckDBResult, DuckDBVector } from '@duckdb/node-api';
import { msgBoth } from '../domain/messages/index.js';
import { AGE_SQL } from '../rules/base-views.js';
import { INPATIENT_MED_TYPES } from '../rules/sql-helpers.js';
import type { SqlParam, Warehouse } from '../store/warehouse.js';
import type { DrgRecord } from './types.js';

/** Discharge dates, inclusive; null = open. */
export interface DrgPeriod { from?: string | null; to?: string | null }

/** Input errors of DRG commands (bad dates, no cases): exit code 2 in the CLI, 400 in an API. */
export class DrgRunError extends Error {
  constructor(readonly key: string, readonly params: Record<string, unknown> = {}) {
    super(msgBoth(key, params));
    this.name = 'DrgRunError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkPeriod(p: DrgPeriod): { from: string | null; to: string | null } {
  for (const d of [p.from, p.to]) {
    if (d && (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)) {
      throw new DrgRunError('drg.run.badDate', { value: d });
    }
  }
  if (p.from && p.to && p.from > p.to) throw new DrgRunError('drg.run.badPeriod', { from: p.from, to: p.to });
  return { from: p.from ?? null, to: p.to ?? null };
}

const valid = (t: string) => `coalesce(${t}.vali_flag, '1') <> '0'`;
const unknownSex = (c: string) => `CASE WHEN ${c} IN ('0', '9') THEN NULL ELSE ${c} END`;

/** The inpatient-visit test of the rules, as SQL on a mdtrt_d alias. */
export function inpatientSql(alias: string): string {
  return `(${INPATIENT_MED_TYPES.map((c) => `starts_with(${alias}.med_type, '${c}')`).join(' OR ')})`;
}

/** Valid, non-refunded settlements (setl_d alias s), as the rules' a_setl without the period cut. */
export function validSettlementSql(alias: string): string {
  return `${valid(alias)} AND coalesce(${alias}.refd_setl_flag, '0') <> '1'
    AND NOT EXISTS (SELECT 1 FROM setl_d r WHERE r.refd_setl_flag = '1' AND ${valid('r')} AND r.init_setl_id = ${alias}.setl_id)`;
}

/**
 * list(code ORDER BY rank, id), written as a sort of each small list of (rank, id, code) structs:
 * the same order, several times faster than DuckDB's ordered aggregate over millions of rows.
 */
function orderedList(rank: string, id: string, code: string): string {
  return `list_transform(list_sort(list({'r': ${rank}, 'i': ${id}, 'c': ${code}})), x -> x.c)`;
}

export const RECORD_COLUMNS = ['setl_id', 'mdtrt_id', 'psn_no', 'fixmedins_code', 'dscg_date', 'sex', 'age_years', 'age_days',
  'birth_weight_g', 'diagnoses', 'procedures', 'medfee_fen', 'fund_paid_fen', 'los_days', 'dept_code', 'dr_code'] as const;

/**
 * The records query: the columns of RECORD_COLUMNS, one row per inpatient settlement discharged
 * in the period (or the one settlement `setlId`). Dates come out as 'YYYY-MM-DD' text.
 */
export function drgRecordsSql(period: DrgPeriod, setlId?: string): { sql: string; params: SqlParam[] } {
  const p = checkPeriod(period);
  const params: SqlParam[] = [];
  const conds: string[] = [];
  if (p.from) { conds.push('dscg_date >= CAST(? AS DATE)'); params.push(p.from); }
  if (p.to) { conds.push('dscg_date <= CAST(? AS DATE)'); params.push(p.to); }
  if (setlId !== undefined) { conds.push('setl_id = ?'); params.push(setlId); }
  const sql = `WITH ipt AS (
      SELECT * FROM (
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.medfee_sumamt, s.hifp_pay,
          coalesce(CAST(m.endtime AS DATE), s.enddate) AS dscg_date, coalesce(CAST(m.begntime AS DATE), s.begndate) AS adm_date,
          coalesce(${unknownSex('m.gend')}, ${unknownSex('p.gend')}) AS sex, coalesce(m.brdy, p.brdy) AS brdy, m.age,
          m.ipt_days, m.dscg_dept_codg, m.chfpdr_code, m.nwb_bir_wt, m.dscg_maindiag_code
        FROM setl_d s
        JOIN mdtrt_d m ON m.mdtrt_id = s.mdtrt_id
        LEFT JOIN psn_info p ON p.psn_no = m.psn_no
        WHERE ${validSettlementSql('s')} AND ${valid('m')} AND ${inpatientSql('m')})
      ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}),
    dx AS (
      SELECT d.setl_id, ${orderedList("CASE WHEN d.maindiag_flag = '1' THEN 0 ELSE 1 END", 'd.setl_list_diag_id', 'd.diag_code')} AS codes
      FROM setl_list_diag_d d SEMI JOIN ipt ON ipt.setl_id = d.setl_id
      WHERE d.diag_code IS NOT NULL GROUP BY d.setl_id),
    px AS (
      SELECT o.setl_id, ${orderedList("CASE WHEN o.main_oprn_flag = '1' THEN 0 ELSE 1 END", 'o.setl_list_oprn_id', 'o.oprn_oprt_code')} AS codes
      FROM setl_list_oprn_d o SEMI JOIN ipt ON ipt.setl_id = o.setl_id
      WHERE o.oprn_oprt_code IS NOT NULL GROUP BY o.setl_id),
    aged AS (
      SELECT ipt.*, CASE WHEN brdy IS NOT NULL AND adm_date IS NOT NULL THEN ${AGE_SQL('adm_date', 'brdy')}
        ELSE CAST(floor(age) AS INTEGER) END AS age_y
      FROM ipt)
    SELECT a.setl_id, a.mdtrt_id, a.psn_no, a.fixmedins_code, CAST(a.dscg_date AS VARCHAR) AS dscg_date, a.sex,
      CASE WHEN a.age_y >= 0 THEN CAST(a.age_y AS INTEGER) END AS age_years,
      CASE WHEN a.age_y = 0 AND a.brdy IS NOT NULL THEN CAST(date_diff('day', a.brdy, a.adm_date) AS INTEGER)
        WHEN a.age_y > 0 THEN 0 END AS age_days,
      CAST(a.nwb_bir_wt AS DOUBLE) AS birth_weight_g,
      coalesce(dx.codes, CASE WHEN a.dscg_maindiag_code IS NOT NULL THEN [a.dscg_maindiag_code] ELSE []::VARCHAR[] END) AS diagnoses,
      coalesce(px.codes, []::VARCHAR[]) AS procedures,
      CAST(round(coalesce(a.medfee_sumamt, 0) * 100) AS BIGINT) AS medfee_fen,
      CAST(round(coalesce(a.hifp_pay, 0) * 100) AS BIGINT) AS fund_paid_fen,
      CAST(coalesce(round(a.ipt_days), greatest(date_diff('day', a.adm_date, a.dscg_date), 0), 0) AS INTEGER) AS los_days,
      a.dscg_dept_codg AS dept_code, a.chfpdr_code AS dr_code
    FROM aged a LEFT JOIN dx ON dx.setl_id = a.setl_id LEFT JOIN px ON px.setl_id = a.setl_id`;
  return { sql, params };
}

// ---- reading chunks ----

/** Reads a VARCHAR[] column of a chunk as string arrays, through the flat child vector. */
export function listColumn(chunk: DuckDBDataChunk, col: number): string[][] {
  const v = chunk.getColumnVector(col) as DuckDBListVector;
  const child = v.childVector as DuckDBVector<string | null>;
  const n = chunk.rowCount;
  const out: string[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const len = v.getEntryLength(i);
    const off = v.getEntryOffset(i);
    const a: string[] = new Array(len);
    let k = 0;
    for (let j = 0; j < len; j++) {
      const s = child.getItem(off + j);
      if (s !== null) a[k++] = s;
    }
    a.length = k;
    out[i] = a;
  }
  return out;
}

/** Reads a scalar column of a chunk (strings, numbers; BIGINT as bigint). */
export function scalarColumn<T>(chunk: DuckDBDataChunk, col: number): (T | null)[] {
  const v = chunk.getColumnVector(col) as { getItem(i: number): unknown };
  const n = chunk.rowCount;
  const out: (T | null)[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = v.getItem(i) as T | null;
  return out;
}

/** One settlement read from the records query. */
export interface DrgSourceRow {
  setl_id: string;
  mdtrt_id: string | null;
  psn_no: string | null;
  fixmedins_code: string | null;
  dscg_date: string | null;
  record: DrgRecord;
  medfee_fen: bigint;
  fund_paid_fen: bigint;
  los_days: number;
  dept_code: string | null;
  dr_code: string | null;
}

/** The records of a chunk whose columns are `names` (a superset of the record's fields). */
export function recordsOfChunk(chunk: DuckDBDataChunk, names: readonly string[]): DrgRecord[] {
  const idx = (c: string) => {
    const i = names.indexOf(c);
    if (i < 0) throw new Error(`records: column ${c} missing`);
    return i;
  };
  const sex = scalarColumn<string>(chunk, idx('sex'));
  const ageY = scalarColumn<number>(chunk, idx('age_years'));
  const ageD = scalarColumn<number>(chunk, idx('age_days'));
  const wt = scalarColumn<number>(chunk, idx('birth_weight_g'));
  const dx = listColumn(chunk, idx('diagnoses'));
  const px = listColumn(chunk, idx('procedures'));
  const out: DrgRecord[] = new Array(chunk.rowCount);
  for (let i = 0; i < chunk.rowCount; i++) {
    out[i] = { sex: sex[i], age_years: ageY[i], age_days: ageD[i], birth_weight_g: wt[i], diagnoses: dx[i], procedures: px[i] };
  }
  return out;
}

/** Full rows of a chunk of the records query. */
export function sourceRowsOfChunk(chunk: DuckDBDataChunk, names: readonly string[]): DrgSourceRow[] {
  const records = recordsOfChunk(chunk, names);
  const col = <T>(c: string) => scalarColumn<T>(chunk, names.indexOf(c));
  const setl = col<string>('setl_id'); const mdtrt = col<string>('mdtrt_id'); const psn = col<string>('psn_no');
  const inst = col<string>('fixmedins_code'); const dscg = col<string>('dscg_date');
  const medfee = col<bigint>('medfee_fen'); const fund = col<bigint>('fund_paid_fen'); const los = col<number>('los_days');
  const dept = col<string>('dept_code'); const dr = col<string>('dr_code');
  return records.map((record, i) => ({
    setl_id: setl[i]!, mdtrt_id: mdtrt[i], psn_no: psn[i], fixmedins_code: inst[i], dscg_date: dscg[i], record,
    medfee_fen: medfee[i] ?? 0n, fund_paid_fen: fund[i] ?? 0n, los_days: los[i] ?? 0, dept_code: dept[i], dr_code: dr[i],
  }));
}

/** Reads a streamed result chunk by chunk. */
export async function eachChunk(result: DuckDBResult, fn: (chunk: DuckDBDataChunk, names: string[]) => void | Promise<void>): Promise<void> {
  const names = result.deduplicatedColumnNames();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    await fn(chunk, names);
  }
}

/** The one settlement's source row (any discharge date), or null when it is not a valid inpatient settlement. */
export async function readSourceRow(wh: Warehouse, setlId: string): Promise<DrgSourceRow | null> {
  const { sql, params } = drgRecordsSql({}, setlId);
  const result = await wh.conn.stream(sql, params as never);
  let row: DrgSourceRow | null = null;
  await eachChunk(result, (chunk, names) => { row ??= sourceRowsOfChunk(chunk, names)[0] ?? null; });
  return row;
}
