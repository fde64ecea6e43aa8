/**
 * `drg group`: groups every inpatient settlement of a period with a stored scheme set and writes
 * drg_result (one row per settlement, the latest grouping) and a drg_group_run row.
 *
 * The records are built once in DuckDB into a temporary table (numbered by its rowid), streamed
 * into the grouper chunk by chunk, and only small integers go back: per record the index of its
 * result (results are shared objects, a few hundred distinct ones) and the positions of its
 * counted MCC/CC diagnoses, appended as whole data chunks once the stream has ended. drg_result is
 * then filled by one INSERT … SELECT joining them to the records, inside the transaction that
 * also deletes the rows it replaces.
 */
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBDataChunk, INTEGER, SMALLINT, TINYINT, type DuckDBType } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { msg } from '../domain/messages/index.js';
import { pollQueryProgress, type ProgressListener } from '../ingest/progress.js';
import type { Warehouse } from '../store/warehouse.js';
import { checkPeriod, drgRecordsSql, DrgRunError, eachChunk, readSourceRow, recordsOfChunk, scalarColumn, type DrgPeriod, type DrgSourceRow } from './records.js';
import { ensureDrgSchema, requireDrgGrouper } from './scheme-store.js';
import type { DrgSchemeData } from './scheme.js';
import type { DrgExplanation, DrgRejectReason, DrgResult } from './types.js';

export interface GroupRunOptions extends DrgPeriod {
  /** Scheme set to use; default the newest. */
  schemeSetId?: number | null;
  onProgress?: ProgressListener;
}

export interface GroupRunSummary {
  run_id: number;
  scheme: { set_id: number; version: string; hash: string };
  /** As asked; null bounds are open. */
  period: { from: string | null; to: string | null };
  /** Discharge dates of the records found. */
  dscg_dates: { first: string | null; last: string | null };
  cases: number;
  grouped: number;
  ungrouped: number;
  rejected: number;
  reject_reasons: { reason: DrgRejectReason; cases: number; zh: string; en: string }[];
  /** The ten DRGs with the most cases. */
  top_drgs: { drg: string; name: string; cases: number }[];
  distinct_drgs: number;
  seconds: number;
  records_per_second: number;
  stages: { read_s: number; group_s: number; store_s: number };
}

/** Counted MCC/CC positions of a record's secondary diagnoses, as explain() counts them. */
export function complicationFinder(d: DrgSchemeData): (dx: readonly string[], hit: (pos: number, level: 1 | 2) => void) => void {
  const mcc = new Map(Object.entries(d.mcc));
  const cc = new Map(Object.entries(d.cc));
  const excl = new Map(Object.entries(d.exclusionGroups));
  return (dx, hit) => {
    if (dx.length < 2) return;
    const g = excl.get(dx[0]);
    for (let i = 1; i < dx.length; i++) {
      const m = mcc.get(dx[i]);
      if (m !== undefined && m !== g) hit(i, 1);
      const c = cc.get(dx[i]);
      if (c !== undefined && c !== g) hit(i, 2);
    }
  };
}

/** Appends rows to a table as whole data chunks (typed arrays, no call per value). */
class ChunkWriter {
  private readonly cols: unknown[][];
  private n = 0;
  private readonly chunk: DuckDBDataChunk;
  static readonly SIZE = 2048;
  private constructor(private readonly appender: Awaited<ReturnType<Warehouse['conn']['createAppender']>>, types: DuckDBType[]) {
    this.cols = types.map(() => new Array(ChunkWriter.SIZE));
    this.chunk = DuckDBDataChunk.create(types, ChunkWriter.SIZE);
  }
  static async open(wh: Warehouse, table: string, types: DuckDBType[]): Promise<ChunkWriter> {
    return new ChunkWriter(await wh.conn.createAppender(table), types);
  }
  push(...values: unknown[]): void {
    for (let c = 0; c < values.length; c++) this.cols[c][this.n] = values[c];
    if (++this.n === ChunkWriter.SIZE) this.flushChunk();
  }
  private flushChunk(): void {
    if (this.n === 0) return;
    const cols = this.n === ChunkWriter.SIZE ? this.cols : this.cols.map((c) => c.slice(0, this.n));
    this.chunk.setColumns(cols as never);
    this.appender.appendDataChunk(this.chunk);
    this.n = 0;
  }
  close(): void {
    this.flushChunk();
    this.appender.flushSync();
    this.appender.closeSync();
  }
}

const TEMP = ['drg_src', 'drg_out', 'drg_cx', 'drg_res'];
const round = (s: number, dp = 2) => Math.round(s * 10 ** dp) / 10 ** dp;

/** Groups the period's inpatient settlements and stores the results (see the file comment). */
export async function runDrgGrouping(wh: Warehouse, opts: GroupRunOptions = {}): Promise<GroupRunSummary> {
  const period = checkPeriod(opts);
  const t0 = performance.now();
  const scheme = await requireDrgGrouper(wh, opts.schemeSetId);
  await ensureDrgSchema(wh);
  const { grouper, data } = scheme;
  const label = `DRG ${scheme.version}`;
  const progress = (stage: string, done: number, total: number) => opts.onProgress?.({ label, stage, done, total, unit: 'rows' });

  try {
    // 1. The records, in one query, into a temporary table (its rowid numbers them).
    const { sql, params } = drgRecordsSql(period);
    const stop = pollQueryProgress(() => wh.conn.progress, (d, t) => progress('drg.stage.read', d, t));
    try {
      await wh.run(`CREATE OR REPLACE TEMP TABLE drg_src AS ${sql}`, params);
    } finally {
      stop();
    }
    const stats = await wh.one<{ n: string; first: string | null; last: string | null }>(
      'SELECT count(*) AS n, min(dscg_date) AS first, max(dscg_date) AS last FROM drg_src');
    const cases = Number(stats?.n ?? 0);
    if (cases === 0) throw new DrgRunError('drg.run.noCases', { from: period.from ?? '…', to: period.to ?? '…' });
    const tRead = performance.now();

    // 2. Group, chunk by chunk. The outcome is kept in typed arrays and written after the stream has
    // ended: an appender flushing on the same connection would end the stream early.
    const rnOf = new Int32Array(cases);
    const resOf = new Int16Array(cases);
    const cxRn: number[] = [];
    const cxPos: number[] = [];
    const cxLvl: number[] = [];
    const resId = new Map<DrgResult, number>();
    const resList: DrgResult[] = [];
    const perRes: number[] = [];
    const findCx = complicationFinder(data);
    let done = 0;
    let rn = 0;
    const hit = (pos: number, lvl: 1 | 2) => { cxRn.push(rn); cxPos.push(pos); cxLvl.push(lvl); };
    const result = await wh.conn.stream(`SELECT CAST(rowid AS INTEGER) AS rn, sex, age_years, age_days, birth_weight_g, diagnoses, procedures
      FROM drg_src`);
    await eachChunk(result, (chunk, names) => {
      const rns = scalarColumn<number>(chunk, 0);
      const records = recordsOfChunk(chunk, names);
      if (done + records.length > cases) throw new Error(`drg group: more records streamed than the ${cases} stored`);
      for (let i = 0; i < records.length; i++) {
        const r = grouper.group(records[i]);
        let id = resId.get(r);
        if (id === undefined) {
          id = resList.length;
          resId.set(r, id);
          resList.push(r);
          perRes.push(0);
        }
        perRes[id]++;
        rn = rns[i]!;
        rnOf[done + i] = rn;
        resOf[done + i] = id;
        findCx(records[i].diagnoses, hit);
      }
      done += records.length;
      progress('drg.stage.group', done, cases);
    });
    if (done !== cases) throw new Error(`drg group: ${done} records streamed of the ${cases} stored`);
    const tGroup = performance.now();

    progress('drg.stage.store', 0, cases);
    await wh.run('CREATE OR REPLACE TEMP TABLE drg_out (rn INTEGER, res SMALLINT)');
    await wh.run('CREATE OR REPLACE TEMP TABLE drg_cx (rn INTEGER, pos SMALLINT, lvl TINYINT)');
    const out = await ChunkWriter.open(wh, 'drg_out', [INTEGER, SMALLINT]);
    try {
      for (let i = 0; i < cases; i++) out.push(rnOf[i], resOf[i]);
    } finally {
      out.close();
    }
    const cx = await ChunkWriter.open(wh, 'drg_cx', [INTEGER, SMALLINT, TINYINT]);
    try {
      for (let i = 0; i < cxRn.length; i++) cx.push(cxRn[i], cxPos[i], cxLvl[i]);
    } finally {
      cx.close();
    }

    // 3. Store: replace the period's rows and these settlements' rows in one transaction.
    await wh.run('CREATE OR REPLACE TEMP TABLE drg_res (res SMALLINT, status VARCHAR, drg VARCHAR, adrg VARCHAR, mdc VARCHAR, reject_reason VARCHAR)');
    const ap = await wh.conn.createAppender('drg_res');
    resList.forEach((r, i) => {
      ap.appendSmallInt(i);
      for (const v of [r.status, r.drg, r.adrg, r.mdc, r.reject_reason]) if (v === null) ap.appendNull(); else ap.appendVarchar(v);
      ap.endRow();
    });
    ap.flushSync();
    ap.closeSync();
    const del: string[] = ['setl_id IN (SELECT setl_id FROM drg_src)'];
    const delParams: (string | null)[] = [];
    // A settlement of the period that is no longer a valid inpatient one (voided, refunded) loses its row too.
    if (period.from || period.to) {
      del.push(`(${[period.from ? 'dscg_date >= CAST(? AS DATE)' : null, period.to ? 'dscg_date <= CAST(? AS DATE)' : null].filter(Boolean).join(' AND ')})`);
      if (period.from) delParams.push(period.from);
      if (period.to) delParams.push(period.to);
    } else {
      del.push('true');
    }
    const count = (st: string) => resList.reduce((a, r, i) => a + (r.status === st ? perRes[i] : 0), 0);
    const runId = await wh.transaction(async () => {
      const id = Number((await wh.one<{ id: number }>('SELECT coalesce(max(run_id), 0) + 1 AS id FROM drg_group_run'))?.id ?? 1);
      await wh.run(`DELETE FROM drg_result WHERE ${del.join(' OR ')}`, delParams);
      await wh.run(`INSERT INTO drg_result (setl_id, mdtrt_id, psn_no, fixmedins_code, dscg_date, status, drg, adrg, mdc, reject_reason,
          main_diag, mcc_codes, cc_codes, scheme_version, run_id)
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, CAST(s.dscg_date AS DATE), r.status, r.drg, r.adrg, r.mdc, r.reject_reason,
          s.diagnoses[1],
          coalesce(list_transform(list_sort(c.mcc), p -> s.diagnoses[p + 1]), []::VARCHAR[]),
          coalesce(list_transform(list_sort(c.cc), p -> s.diagnoses[p + 1]), []::VARCHAR[]), ?, ?
        FROM drg_src s JOIN drg_out o ON o.rn = s.rowid JOIN drg_res r ON r.res = o.res
        LEFT JOIN (SELECT rn, list(pos) FILTER (WHERE lvl = 1) AS mcc, list(pos) FILTER (WHERE lvl = 2) AS cc
          FROM drg_cx GROUP BY rn) c ON c.rn = s.rowid`, [scheme.version, id]);
      await wh.run(`INSERT INTO drg_group_run VALUES (?, ?, ?, ?, CAST(? AS DATE), CAST(? AS DATE), to_timestamp(? / 1000)::TIMESTAMP,
          now()::TIMESTAMP, ?, ?, ?, ?)`, [id, scheme.setId, scheme.version, scheme.hash, period.from ?? stats?.first ?? null,
        period.to ?? stats?.last ?? null, Math.round(performance.timeOrigin + t0), cases, count('grouped'), count('ungrouped'), count('rejected')]);
      return id;
    });
    await wh.run('CHECKPOINT');
    progress('drg.stage.store', cases, cases);
    const tStore = performance.now();

    // Summary from the counts kept while grouping.
    const reasons = new Map<DrgRejectReason, number>();
    const drgs: { drg: string; cases: number }[] = [];
    resList.forEach((r, i) => {
      if (r.reject_reason) reasons.set(r.reject_reason, (reasons.get(r.reject_reason) ?? 0) + perRes[i]);
      if (r.status === 'grouped') drgs.push({ drg: r.drg, cases: perRes[i] });
    });
    drgs.sort((a, b) => b.cases - a.cases || (a.drg < b.drg ? -1 : 1));
    const seconds = (tStore - t0) / 1000;
    return {
      run_id: runId,
      scheme: { set_id: scheme.setId, version: scheme.version, hash: scheme.hash },
      period,
      dscg_dates: { first: stats?.first ?? null, last: stats?.last ?? null },
      cases, grouped: count('grouped'), ungrouped: count('ungrouped'), rejected: count('rejected'),
      reject_reasons: [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, n]) => ({ reason, cases: n,
        zh: msg(`drg.reject.${reason}`, {}, 'zh'), en: msg(`drg.reject.${reason}`, {}, 'en') })),
      top_drgs: drgs.slice(0, 10).map((d) => ({ ...d, name: data.drgNames[d.drg] ?? '' })),
      distinct_drgs: drgs.length,
      seconds: round(seconds),
      records_per_second: Math.round(cases / Math.max(seconds, 1e-6)),
      stages: { read_s: round((tRead - t0) / 1000), group_s: round((tGroup - tRead) / 1000), store_s: round((tStore - tGroup) / 1000) },
    };
  } finally {
    for (const t of TEMP) await wh.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}

// ---- export of a run's results ----

export type DrgExportFormat = 'csv' | 'xlsx' | 'jsonl';

export function exportFormatOf(path: string): DrgExportFormat {
  const ext = (path.split('.').pop() ?? '').toLowerCase();
  if (ext === 'csv' || ext === 'xlsx' || ext === 'jsonl') return ext;
  if (ext === 'json') return 'jsonl';
  throw new DrgRunError('drg.cli.badFormat', { format: ext || path });
}

const EXPORT_HEADERS: [string, string][] = [
  ['setl_id', '结算ID'], ['mdtrt_id', '就诊ID'], ['psn_no', '人员编号'], ['fixmedins_code', '机构编码'], ['dscg_date', '出院日期'],
  ['status', '分组状态'], ['drg', 'DRG'], ['drg_name', 'DRG 名称'], ['adrg', 'ADRG'], ['mdc', 'MDC'], ['reject_reason', '不予分组原因'],
  ['main_diag', '主诊断'], ['mcc_codes', 'MCC'], ['cc_codes', 'CC'], ['scheme_version', '方案版本'], ['run_id', '分组批次'],
];
/** Excel's row limit less the header: longer exports continue on another sheet. */
const XLSX_ROWS = 1_048_575;

/** Writes the rows of a grouping run to csv (UTF-8 with BOM), xlsx or jsonl; returns the row count. */
export async function exportDrgResults(wh: Warehouse, runId: number, drgNames: Record<string, string>, path: string,
  format: DrgExportFormat = exportFormatOf(path)): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  await wh.run('CREATE OR REPLACE TEMP TABLE drg_names (drg VARCHAR, name VARCHAR)');
  const ap = await wh.conn.createAppender('drg_names');
  for (const [k, v] of Object.entries(drgNames)) { ap.appendVarchar(k); ap.appendVarchar(v); ap.endRow(); }
  ap.flushSync();
  ap.closeSync();
  const select = `SELECT r.setl_id, r.mdtrt_id, r.psn_no, r.fixmedins_code, CAST(r.dscg_date AS VARCHAR) AS dscg_date, r.status, r.drg,
      n.name AS drg_name, r.adrg, r.mdc, r.reject_reason, r.main_diag, array_to_string(r.mcc_codes, '|') AS mcc_codes,
      array_to_string(r.cc_codes, '|') AS cc_codes, r.scheme_version, r.run_id
    FROM drg_result r LEFT JOIN drg_names n ON n.drg = r.drg WHERE r.run_id = ${Number(runId)} ORDER BY r.setl_id`;
  const tmp = `${path}.part`;
  try {
    const n = Number((await wh.one<{ n: string }>(`SELECT count(*) AS n FROM drg_result WHERE run_id = ${Number(runId)}`))?.n ?? 0);
    if (format === 'csv' || format === 'jsonl') {
      // DuckDB writes the file; a BOM goes in front of CSV so that Excel reads the Chinese names.
      const body = `${tmp}.body`;
      const copy = format === 'csv' ? `(HEADER, DELIMITER ',')` : '(FORMAT JSON)';
      await wh.run(`COPY (${format === 'csv'
        ? `SELECT ${EXPORT_HEADERS.map(([k, zh]) => `${k} AS "${zh}"`).join(', ')} FROM (${select})`
        : select}) TO '${body.replace(/'/g, "''")}' ${copy}`);
      const w = createWriteStream(tmp);
      if (format === 'csv') w.write('\uFEFF');
      await pipeline(createReadStream(body), w);
      rmSync(body, { force: true });
    } else {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false, useStyles: false });
      let ws = wb.addWorksheet('DRG 分组结果');
      ws.addRow(EXPORT_HEADERS.map(([, zh]) => zh)).commit();
      let inSheet = 0;
      let sheetNo = 1;
      const result = await wh.conn.stream(select);
      await eachChunk(result, (chunk) => {
        const cols = EXPORT_HEADERS.map((_, i) => scalarColumn<unknown>(chunk, i));
        for (let i = 0; i < chunk.rowCount; i++) {
          if (inSheet === XLSX_ROWS) {
            ws.commit();
            ws = wb.addWorksheet(`DRG 分组结果 (${++sheetNo})`);
            ws.addRow(EXPORT_HEADERS.map(([, zh]) => zh)).commit();
            inSheet = 0;
          }
          ws.addRow(cols.map((c) => (typeof c[i] === 'bigint' ? Number(c[i]) : c[i]))).commit();
          inSheet++;
        }
      });
      ws.commit();
      await wb.commit();
    }
    renameSync(tmp, path);
    return n;
  } finally {
    rmSync(tmp, { force: true });
    await wh.run('DROP TABLE IF EXISTS drg_names').catch(() => undefined);
  }
}

// ---- explain one settlement ----

export interface SettlementExplanation {
  settlement: Omit<DrgSourceRow, 'record' | 'medfee_fen' | 'fund_paid_fen'> & { medfee_fen: string; fund_paid_fen: string };
  record: DrgSourceRow['record'];
  scheme: { set_id: number; version: string; hash: string };
  explanation: DrgExplanation;
  /** The row drg_result holds for it, if it was grouped before. */
  stored: { run_id: number; status: string; drg: string; scheme_version: string } | null;
}

/**
 * Why a settlement gets its DRG. The scheme is the named set, else the set its stored result was
 * grouped with, else the newest.
 */
export async function explainSettlement(wh: Warehouse, setlId: string, schemeSetId?: number | null): Promise<SettlementExplanation> {
  await ensureDrgSchema(wh);
  const row = await readSourceRow(wh, setlId);
  if (!row) throw new DrgRunError('drg.explain.notFound', { setl_id: setlId });
  const stored = await wh.one<{ run_id: number; status: string; drg: string; scheme_version: string; scheme_set_id: number | null }>(
    `SELECT r.run_id, r.status, r.drg, r.scheme_version, g.scheme_set_id FROM drg_result r
      LEFT JOIN drg_group_run g ON g.run_id = r.run_id WHERE r.setl_id = ?`, [setlId]);
  let setId = schemeSetId ?? null;
  if (setId === null && stored?.scheme_set_id !== null && stored?.scheme_set_id !== undefined) {
    const exists = await wh.one('SELECT 1 FROM kn_drg_scheme WHERE set_id = ?', [Number(stored.scheme_set_id)]);
    if (exists) setId = Number(stored.scheme_set_id);
  }
  const scheme = await requireDrgGrouper(wh, setId);
  const { record, medfee_fen, fund_paid_fen, ...rest } = row;
  return {
    settlement: { ...rest, medfee_fen: medfee_fen.toString(), fund_paid_fen: fund_paid_fen.toString() },
    record,
    scheme: { set_id: scheme.setId, version: scheme.version, hash: scheme.hash },
    explanation: scheme.grouper.explain(record),
    stored: stored ? { run_id: Number(stored.run_id), status: stored.status, drg: stored.drg, scheme_version: stored.scheme_version } : null,
  };
}
