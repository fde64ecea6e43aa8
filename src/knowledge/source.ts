/**
 * Reads one input file into sheets of text cells. The format is decided from the bytes (zip
 * magic, JSON, otherwise delimited text), not the file name: deployments name files freely.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { msgBoth } from '../domain/messages/index.js';
import { KnowledgeImportError, type RawRow, type RawSheet, type SourceFile } from './types.js';

export interface ReadSource {
  file: SourceFile;
  sheets: RawSheet[];
}

function fail(key: string, params: Record<string, unknown>, file: string): never {
  throw new KnowledgeImportError(msgBoth(key, { file, ...params }), file, key);
}

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Reads the bytes of a file, with clear errors for missing and empty files. */
export function readBytes(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch {
    fail('knowledge.error.fileNotFound', {}, path);
  }
  if (!st.isFile()) fail('knowledge.error.fileNotFound', {}, path);
  const buf = readFileSync(path);
  if (buf.length === 0) fail('knowledge.error.emptyFile', {}, path);
  return buf;
}

export async function readSource(path: string, buf: Buffer, forcedEncoding?: string): Promise<ReadSource> {
  const base: Omit<SourceFile, 'format'> = { path, fileName: basename(path), sha256: sha256(buf), bytes: buf.length };
  const ext = extname(path).toLowerCase();
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    const file: SourceFile = { ...base, format: 'xlsx' };
    return { file, sheets: await readXlsx(file, buf) };
  }
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) fail('knowledge.error.legacyXls', {}, path);
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') {
    fail('knowledge.error.corruptXlsx', { detail: 'not a zip container' }, path);
  }
  const { text, encoding } = decodeText(buf, path, forcedEncoding);
  if (/^\s*$/.test(text)) fail('knowledge.error.emptyFile', {}, path);
  const head = text.trimStart()[0];
  if (head === '{' || (head === '[' && ext === '.json')) {
    const file: SourceFile = { ...base, format: 'json', encoding };
    return { file, sheets: [readJsonDict(file, text)] };
  }
  if (ext === '.json') fail('knowledge.error.badJson', { detail: 'not a JSON object' }, path);
  const file: SourceFile = { ...base, format: 'csv', encoding };
  return { file, sheets: [readCsv(file, text)] };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
function decodeText(buf: Buffer, path: string, forced?: string): { text: string; encoding: string } {
  if (forced) {
    if (!iconv.encodingExists(forced)) fail('knowledge.error.badEncoding', { encoding: forced }, path);
    return { text: iconv.decode(buf, forced), encoding: forced.toLowerCase() };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf, 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf, 'utf-16be'), encoding: 'utf-16be' };
  // NUL bytes never occur in UTF-8 or GBK text: this is a binary file.
  if (buf.subarray(0, 65536).includes(0)) fail('knowledge.error.binary', {}, path);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string) => first.split(c).length - 1;
  const cands = [',', '\t', ';', '|'].map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return cands[0][1] > 0 ? cands[0][0] : ',';
}

function readCsv(file: SourceFile, text: string): RawSheet {
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: sniffDelimiter(text), bom: true, relax_column_count: true, relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    fail('knowledge.error.badCsv', { detail: (e as Error).message }, file.path);
  }
  // Record i is row i+1 as Excel shows the file (a quoted newline stays inside its row).
  const rows: RawRow[] = records.map((cells, i) => ({ row: i + 1, cells }));
  return { file, sheet: null, rows };
}

function readJsonDict(file: SourceFile, text: string): RawSheet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail('knowledge.error.badJson', { detail: (e as Error).message }, file.path);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    fail('knowledge.error.badJson', { detail: 'expected an object {code: name}' }, file.path);
  }
  // Entry i of the object is "row" i (1-based) of the dictionary.
  const rows: RawRow[] = Object.entries(data as Record<string, unknown>).map(([k, v], i) => ({
    row: i + 1, cells: [k, v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)],
  }));
  return { file, sheet: null, rows, headerless: true };
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** Text of an exceljs cell value, whatever the cell holds (rich text, formula, hyperlink …). */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result);
  if ('hyperlink' in v) return cellText((v as { text?: ExcelJS.CellValue }).text);
  if ('error' in v) return '';
  return String(v);
}

async function readXlsx(file: SourceFile, buf: Buffer): Promise<RawSheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as never);
  } catch (e) {
    fail('knowledge.error.corruptXlsx', { detail: (e as Error).message }, file.path);
  }
  const sheets: RawSheet[] = [];
  for (const ws of wb.worksheets) {
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      rows.push({ row: rowNumber, cells });
    });
    if (rows.some((r) => r.cells.some((c) => c.trim() !== ''))) sheets.push({ file, sheet: ws.name, rows });
  }
  if (!sheets.length) fail('knowledge.error.emptyFile', {}, file.path);
  return sheets;
}
