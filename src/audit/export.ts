/**
 * Writes findings in the contract's columns as JSON Lines, CSV (UTF-8 with BOM, for Excel) or
 * xlsx (streamed). Nested values (bkkp_sn, evidence) are JSON text in CSV and xlsx. Personal
 * names and ID numbers appear only when unmasked columns are asked for.
 */
import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { FINDING_FIELDS, type Finding } from './findings.js';

export type ExportFormat = 'jsonl' | 'csv' | 'xlsx';

export interface PersonLookup {
  (psn_no: string): { psn_name: string | null; certno: string | null } | undefined;
}

export function formatFromPath(path: string, given?: string): ExportFormat {
  const f = (given ?? path.split('.').pop() ?? 'jsonl').toLowerCase();
  if (f === 'jsonl' || f === 'csv' || f === 'xlsx') return f;
  if (f === 'json') return 'jsonl';
  throw new Error(`不支持的输出格式 / unsupported format: ${f} (jsonl, csv, xlsx)`);
}

function flat(f: Finding, unmask: boolean, person?: { psn_name: string | null; certno: string | null }): unknown[] {
  const base = FINDING_FIELDS.map((k) => {
    const v = f[k];
    return Array.isArray(v) || (typeof v === 'object' && v !== null) ? JSON.stringify(v) : v ?? '';
  });
  return unmask ? [...base, person?.psn_name ?? '', person?.certno ?? ''] : base;
}

/** Writes all findings to path (through a .part file renamed at the end); returns how many. */
export async function writeFindings(findings: AsyncIterable<Finding>, path: string, format: ExportFormat,
  persons?: PersonLookup): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.part`;
  const header = persons ? [...FINDING_FIELDS, 'psn_name', 'certno'] : [...FINDING_FIELDS];
  let n = 0;
  if (format === 'xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('疑点明细');
    ws.addRow(header).commit();
    for await (const f of findings) { ws.addRow(flat(f, !!persons, persons?.(f.psn_no))).commit(); n++; }
    ws.commit();
    await wb.commit();
  } else {
    const out = createWriteStream(tmp);
    if (format === 'csv') {
      out.write('\uFEFF');
      const csv = stringify({ header: true, columns: header });
      csv.pipe(out);
      for await (const f of findings) {
        if (!csv.write(flat(f, !!persons, persons?.(f.psn_no)))) await once(csv, 'drain');
        n++;
      }
      csv.end();
    } else {
      for await (const f of findings) {
        const p = persons?.(f.psn_no);
        const line = JSON.stringify(persons ? { ...f, psn_name: p?.psn_name ?? null, certno: p?.certno ?? null } : f);
        if (!out.write(`${line}\n`)) await once(out, 'drain');
        n++;
      }
      out.end();
    }
    await once(out, 'close');
  }
  renameSync(tmp, path);
  return n;
}
