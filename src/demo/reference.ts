/** The reference tables of the demo region: institutions, doctors, service price catalogue. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableSpec } from '../domain/tables.js';
import { CATALOG } from './catalog.js';
import { CsvSink } from './csv-out.js';
import { fmtDate } from './dates.js';
import { fmtP4 } from './money.js';
import type { Providers, StatusPeriod } from './providers.js';

function periodCells(p: StatusPeriod): [string, string, string] {
  return [p.status, fmtDate(p.begin), p.end === null ? '' : fmtDate(p.end)];
}

export const CATALOG_FILE = 'config/hilist_catalog.csv';

export async function writeReference(dir: string, providers: Providers): Promise<{ files: string[]; bytes: number }> {
  const sinks: CsvSink[] = [];
  mkdirSync(join(dir, 'config'), { recursive: true });
  const inst = new CsvSink(join(dir, 'fixmedins_info.csv'), tableSpec('fixmedins_info').columns.map((c) => c.name));
  for (const i of providers.institutions) {
    for (const p of i.periods) inst.row([i.code, i.name, i.type, i.hospLv, i.admdvs, ...periodCells(p)]);
  }
  sinks.push(inst);
  const dr = new CsvSink(join(dir, 'dr_info.csv'), tableSpec('dr_info').columns.map((c) => c.name));
  for (const d of providers.doctors) {
    for (const p of d.periods) dr.row([d.code, d.name, d.inst.code, ...periodCells(p)]);
  }
  sinks.push(dr);
  const price = new CsvSink(join(dir, 'price_catalog.csv'), tableSpec('price_catalog').columns.map((c) => c.name));
  for (const it of CATALOG) {
    if (it.listType !== '201') continue;
    for (const cls of [1, 2, 3]) price.row([it.code, it.name, String(cls), fmtP4(it.maxByClass[cls - 1])]);
  }
  sinks.push(price);
  // The region's insurance catalogue (医保目录): every code a claim may carry, with its kind.
  const cat = new CsvSink(join(dir, 'config', 'hilist_catalog.csv'),
    ['hilist_code', 'hilist_name', 'list_type', 'med_chrgitm_type', 'chrgitm_lv', 'spec', 'unit', 'price']);
  for (const it of CATALOG) {
    for (const code of it.drug?.codes ?? [it.code]) {
      cat.row([code, it.name, it.listType, it.chrgType, it.lv, it.drug?.spec ?? '', it.unit, fmtP4(it.p4)]);
    }
  }
  sinks.push(cat);
  for (const s of sinks) await s.close();
  return { files: sinks.map((s) => s.path.slice(dir.length + 1)), bytes: sinks.reduce((a, s) => a + s.bytes, 0) };
}
