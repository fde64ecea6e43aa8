// Shared by the knowledge tests: where the reference data lives (read in place, never copied
// into the repository), a fresh warehouse per test, and CSV row counting with a real parser.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { Warehouse } from '../../src/store/warehouse.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = resolve(repoRoot, '../shared/data');
export const libsDir = join(sharedData, 'nhsa-two-libs');
export const csvDir = join(libsDir, 'csv');
export const icdDir = join(sharedData, 'icd');

export const xlsxFiles = (): string[] =>
  readdirSync(libsDir).filter((f) => f.endsWith('.xlsx')).sort().map((f) => join(libsDir, f));
export const csvFiles = (): string[] =>
  readdirSync(csvDir).filter((f) => f.endsWith('.csv')).sort().map((f) => join(csvDir, f));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fg-'));
}

export async function openWarehouse(): Promise<Warehouse> {
  return Warehouse.open(tempDir());
}

/** Data rows of a CSV copy (header excluded), counted by a CSV parser: fields may hold newlines. */
export function csvDataRows(path: string): string[][] {
  const rows = parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
  return rows.slice(1);
}

export async function count(wh: Warehouse, sql: string, params: (string | number)[] = []): Promise<number> {
  const r = await wh.one<{ n: string | number }>(sql, params);
  return Number(r?.n ?? 0);
}

/** Row counts of every knowledge table and kn_set, to prove a failed import changed nothing. */
export async function snapshot(wh: Warehouse): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['kn_set', 'kn_drug_restriction', 'kn_item_restriction', 'kn_duplicate_charge',
    'kn_icd_diagnosis', 'kn_icd_procedure']) {
    out[t] = (await wh.tableExists(t)) ? await count(wh, `SELECT count(*) AS n FROM ${t}`) : 0;
  }
  return out;
}

/** Writes rows as CSV for a test input: every field quoted, quotes doubled. */
export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
}

/** All rows of a CSV copy, header included. */
export function csvRows(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
}
