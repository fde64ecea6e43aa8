/** What a region's warehouse holds: rows per table, the period covered, and the import ledger. */
import type { Warehouse } from '../store/warehouse.js';
import { TABLES } from '../domain/tables.js';

export interface TableStatus {
  table: string;
  label: string;
  rows: number;
  void_rows: number | null;
  first: string | null;
  last: string | null;
}

export interface ImportRecord {
  import_id: number;
  kind: string;
  started_at: string;
  finished_at: string;
  source: string | null;
  rows_loaded: number;
  rows_rejected: number;
}

const PERIOD_COLUMN: Record<string, string> = {
  fee_list_d: 'fee_ocur_time', setl_d: 'setl_time', mdtrt_d: 'begntime',
};

export async function tableStatus(wh: Warehouse): Promise<TableStatus[]> {
  const out: TableStatus[] = [];
  for (const t of TABLES) {
    const period = PERIOD_COLUMN[t.name];
    const hasVoid = t.columns.some((c) => c.name === 'vali_flag');
    const r = await wh.one<Record<string, string | null>>(`SELECT count(*) AS n,
      ${hasVoid ? "count(*) FILTER (WHERE vali_flag = '0')" : 'NULL'} AS v,
      ${period ? `CAST(min(${period}) AS DATE)` : 'NULL'} AS first, ${period ? `CAST(max(${period}) AS DATE)` : 'NULL'} AS last
      FROM ${t.name}`);
    out.push({ table: t.name, label: t.label, rows: Number(r?.n ?? 0), void_rows: r?.v === null ? null : Number(r?.v),
      first: r?.first ?? null, last: r?.last ?? null });
  }
  return out;
}

export async function importHistory(wh: Warehouse, limit = 20): Promise<ImportRecord[]> {
  const rows = await wh.all<Record<string, string | null>>(`SELECT import_id, kind, CAST(started_at AS VARCHAR) AS started_at,
    CAST(finished_at AS VARCHAR) AS finished_at, source,
    CAST(summary->>'rows_loaded' AS BIGINT) AS rows_loaded, CAST(summary->>'rows_rejected' AS BIGINT) AS rows_rejected
    FROM import_batch ORDER BY import_id DESC LIMIT ?`, [limit]);
  return rows.map((r) => ({ import_id: Number(r.import_id), kind: String(r.kind), started_at: String(r.started_at),
    finished_at: String(r.finished_at), source: r.source, rows_loaded: Number(r.rows_loaded ?? 0),
    rows_rejected: Number(r.rows_rejected ?? 0) }));
}
