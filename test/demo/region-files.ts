/** Reads a generated demo region back from its files, for the demo tests. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateDemoRegion } from '../../src/demo/index.js';
import type { DemoSummary, Manifest } from '../../src/demo/index.js';

export type Rec = Record<string, string>;

export interface LoadedRegion {
  dir: string;
  summary: DemoSummary;
  manifest: Manifest;
  headers: Map<string, string[]>;
  mdtrt: Rec[];
  setl: Rec[];
  fee: Rec[];
  diag: Rec[];
  oprn: Rec[];
  psn: Rec[];
  inst: Rec[];
  dr: Rec[];
  price: Rec[];
  catalog: Rec[];
  icd10: Record<string, string>;
  icd9: Record<string, string>;
}

const made: string[] = [];

/** A fresh temp folder for one test; removeDirs() deletes them all. */
export function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fg-'));
  made.push(d);
  return d;
}

export function removeDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

function readCsv(path: string): { header: string[]; rows: Rec[] } {
  const text = readFileSync(path, 'utf8');
  const records = parse(text, { columns: false, skip_empty_lines: true }) as string[][];
  const header = records[0];
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  return { header, rows };
}

export async function makeRegion(opts: { persons: number; months: number; seed?: number }): Promise<LoadedRegion> {
  const dir = freshDir();
  const summary = await generateDemoRegion(dir, opts);
  return { ...loadRegion(dir), summary };
}

export function loadRegion(dir: string): Omit<LoadedRegion, 'summary'> {
  const headers = new Map<string, string[]>();
  const read = (name: string) => {
    const r = readCsv(join(dir, name));
    headers.set(name, r.header);
    return r.rows;
  };
  const fee: Rec[] = [];
  for (const f of readdirSync(dir).filter((n) => /^fee_list_d_\d{4}_\d{2}\.csv$/.test(n)).sort()) fee.push(...read(f));
  return {
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest,
    headers,
    mdtrt: read('mdtrt_d.csv'), setl: read('setl_d.csv'), fee, diag: read('setl_list_diag_d.csv'),
    oprn: read('setl_list_oprn_d.csv'), psn: read('psn_info.csv'), inst: read('fixmedins_info.csv'),
    dr: read('dr_info.csv'), price: read('price_catalog.csv'), catalog: readCsv(join(dir, 'config', 'hilist_catalog.csv')).rows,
    icd10: JSON.parse(readFileSync(join(dir, 'knowledge', 'icd10-diagnoses.json'), 'utf8')),
    icd9: JSON.parse(readFileSync(join(dir, 'knowledge', 'icd9cm3-procedures.json'), 'utf8')),
  };
}

/** Yuan text to integer fen (exact; 2 decimals at most). */
export function fen(s: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount: ${s}`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

export function day(ts: string): number {
  return Math.round(Date.parse(`${ts.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** hosp_lv → institution class as the rule catalogue maps it. */
export function hospClass(lv: string): number {
  if (['01', '02', '03', '04', '12'].includes(lv)) return 3;
  if (['05', '06', '07', '13'].includes(lv)) return 2;
  return 1;
}
