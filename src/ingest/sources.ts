/**
 * Turns any accepted source file into what the staging SQL reads: a UTF-8 CSV with a known
 * delimiter and a parsed header. GBK files are transcoded and Excel sheets converted into the
 * import's scratch folder; UTF-8 CSV is read in place. Parquet is read by DuckDB directly.
 */
import { createWriteStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { detectEncoding, hasUtf8Bom, normaliseEncoding, readHead, transcodeToUtf8, type TextEncoding } from './encoding.js';
import type { RecognisedFile } from './recognize.js';
import { ImportError } from './errors.js';

export interface PreparedSource {
  file: RecognisedFile;
  /** What DuckDB reads: a UTF-8 CSV (csv, xlsx) or the Parquet file itself. */
  readPath: string;
  readAs: 'csv' | 'parquet';
  delimiter: string;
  /** Header names as they stand in the file, and normalised (trimmed, lower case). */
  rawHeader: string[];
  header: string[];
  encoding: TextEncoding | 'xlsx' | 'parquet';
  bytes: number;
}

/** Picks tab or comma from the header line: whichever occurs more outside quotes. */
export function detectDelimiter(headerLine: string): string {
  let tabs = 0; let commas = 0; let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\t') tabs++;
    else if (!quoted && ch === ',') commas++;
  }
  return tabs > commas ? '\t' : ',';
}

export function normaliseHeaderName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** The first line of a UTF-8 text (without BOM and line end). */
function firstLine(text: string): string {
  const s = text.replace(/^\uFEFF/, '');
  const nl = s.search(/\r?\n/);
  return nl < 0 ? s : s.slice(0, nl);
}

function parseHeader(line: string, delimiter: string, path: string): string[] {
  const rows = parseCsvSync(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
  const header = rows[0] ?? [];
  if (header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new ImportError('ingest.no_header', { file: basename(path) });
  }
  return header;
}

async function prepareCsv(file: RecognisedFile, scratch: string, forced: TextEncoding | undefined,
  onBytes?: (n: number, total: number) => void): Promise<PreparedSource> {
  const bytes = statSync(file.path).size;
  if (bytes === 0) throw new ImportError('ingest.empty_file', { file: basename(file.path) });
  const encoding = forced ?? detectEncoding(file.path);
  let readPath = file.path;
  if (encoding !== 'utf8') {
    readPath = join(scratch, `${basename(file.path)}.utf8.csv`);
    let done = 0;
    await transcodeToUtf8(file.path, readPath, encoding, (n) => { done += n; onBytes?.(done, bytes); });
  }
  const head = readHead(readPath, 1024 * 1024);
  const text = new TextDecoder('utf-8').decode(hasUtf8Bom(head) ? head.subarray(3) : head);
  const line = firstLine(text);
  const delimiter = detectDelimiter(line);
  const rawHeader = parseHeader(line, delimiter, file.path);
  return { file, readPath, readAs: 'csv', delimiter, rawHeader, header: rawHeader.map(normaliseHeaderName),
    encoding, bytes };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel dates carry no zone; exceljs hands them over as UTC.
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
}

/** Streams the first worksheet of an xlsx file into a UTF-8 CSV in the scratch folder. */
async function prepareXlsx(file: RecognisedFile, scratch: string): Promise<PreparedSource> {
  const bytes = statSync(file.path).size;
  if (bytes === 0) throw new ImportError('ingest.empty_file', { file: basename(file.path) });
  const readPath = join(scratch, `${basename(file.path)}.csv`);
  const out = createWriteStream(readPath);
  const csv = stringify({ delimiter: ',' });
  csv.pipe(out);
  let rawHeader: string[] | undefined;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, { worksheets: 'emit', sharedStrings: 'cache',
      // Styles are needed: a date cell is a number whose format says it is a date.
      styles: 'cache', hyperlinks: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!rawHeader) {
          rawHeader = values;
          while (rawHeader.length && rawHeader[rawHeader.length - 1] === '') rawHeader.pop();
        }
        const cells = values.slice(0, rawHeader.length);
        while (cells.length < rawHeader.length) cells.push('');
        if (!csv.write(cells)) await once(csv, 'drain');
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('ingest.unreadable_file', { file: basename(file.path), detail: (e as Error).message });
  } finally {
    csv.end();
    await once(out, 'close');
  }
  if (!rawHeader || rawHeader.length === 0) throw new ImportError('ingest.empty_file', { file: basename(file.path) });
  return { file, readPath, readAs: 'csv', delimiter: ',', rawHeader, header: rawHeader.map(normaliseHeaderName),
    encoding: 'xlsx', bytes };
}

export async function prepareSource(file: RecognisedFile, scratch: string, opts: {
  encoding?: string; describeParquet: (path: string) => Promise<string[]>;
  onBytes?: (n: number, total: number) => void;
}): Promise<PreparedSource> {
  if (file.format === 'xlsx') return prepareXlsx(file, scratch);
  if (file.format === 'parquet') {
    const bytes = statSync(file.path).size;
    if (bytes === 0) throw new ImportError('ingest.empty_file', { file: basename(file.path) });
    let rawHeader: string[];
    try {
      rawHeader = await opts.describeParquet(file.path);
    } catch (e) {
      throw new ImportError('ingest.unreadable_file', { file: basename(file.path), detail: (e as Error).message });
    }
    return { file, readPath: file.path, readAs: 'parquet', delimiter: ',', rawHeader,
      header: rawHeader.map(normaliseHeaderName), encoding: 'parquet', bytes };
  }
  return prepareCsv(file, scratch, opts.encoding ? normaliseEncoding(opts.encoding) : undefined, opts.onBytes);
}
