import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { tableSpec } from '../../src/domain/tables.js';
import { Warehouse } from '../../src/store/warehouse.js';

export function tempDir(prefix = 'fg-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function openTemp(): Promise<{ dir: string; wh: Warehouse }> {
  const dir = tempDir();
  return { dir, wh: await Warehouse.open(join(dir, 'data')) };
}

/** A plausible fee line with every required column; overrides replace single values. */
export function feeRow(n: number, over: Record<string, string> = {}): Record<string, string> {
  const cnt = (n % 3) + 1;
  const pric = '12.35';
  return {
    bkkp_sn: `B${String(n).padStart(8, '0')}`, mdtrt_id: `M${Math.floor(n / 5)}`, setl_id: `S${Math.floor(n / 5)}`,
    psn_no: `P${n % 97}`, fixmedins_code: 'H52020100022', fee_ocur_time: '2023-03-01 08:30:00', med_type: '21',
    hilist_code: '001102000050000', hilist_name: '住院诊查费', med_list_codg: '', medins_list_codg: '110200005',
    medins_list_name: '住院诊查费', list_type: '201', med_chrgitm_type: '02', chrgitm_lv: '01', cnt: String(cnt),
    pric, det_item_fee_sumamt: (cnt * 1235 / 100).toFixed(2), pric_uplmt_amt: '', inscp_amt: (cnt * 1235 / 100).toFixed(2),
    fulamt_ownpay_amt: '0.00', overlmt_selfpay: '0.00', bilg_dept_codg: 'A03', bilg_dept_name: '内科',
    bilg_dr_code: 'D001', bilg_dr_name: '王医生', sin_dos_dscr: '', used_frqu_dscr: 'qd', prd_days: '1',
    medc_way_dscr: '', lmt_used_flag: '0', hosp_appr_flag: '', dise_codg: '', init_feedetl_sn: '', vali_flag: '1',
    ...over,
  };
}

export function requiredHeader(table: string): string[] {
  return tableSpec(table).required;
}

export interface CsvOptions {
  header?: string[];
  delimiter?: string;
  encoding?: 'utf8' | 'gbk';
  bom?: boolean;
}

/** Writes rows under a header (default: the table's required columns) as CSV. */
export function writeCsv(path: string, table: string, rows: Record<string, string>[], o: CsvOptions = {}): void {
  const header = o.header ?? requiredHeader(table);
  const text = stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))], { delimiter: o.delimiter ?? ',' });
  const body = o.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
  writeFileSync(path, o.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}

export async function rows(wh: Warehouse, sql: string): Promise<Record<string, string | null>[]> {
  return wh.all<Record<string, string | null>>(sql);
}

export async function countOf(wh: Warehouse, table: string): Promise<number> {
  return Number((await wh.one<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0);
}
