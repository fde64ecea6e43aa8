/** Recognises extract and reference files in a folder by their name prefix and extension. */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { TABLES, type TableSpec } from '../domain/tables.js';

export type SourceFormat = 'csv' | 'xlsx' | 'parquet';

export interface RecognisedFile {
  path: string;
  table: TableSpec;
  format: SourceFormat;
}

const FORMATS: Record<string, SourceFormat> = {
  '.csv': 'csv', '.txt': 'csv', '.tsv': 'csv', '.xlsx': 'xlsx', '.parquet': 'parquet',
};

// Longest names first, so that no table is taken for another whose name is its prefix.
const BY_LENGTH = [...TABLES].sort((a, b) => b.name.length - a.name.length);

/** The table a file name belongs to: `fee_list_d.csv`, `fee_list_d_2023_01.csv`, `FEE_LIST_D-part1.tsv`. */
export function tableForFileName(fileName: string): TableSpec | undefined {
  const stem = basename(fileName, extname(fileName)).toLowerCase();
  return BY_LENGTH.find((t) => stem === t.name || (stem.startsWith(t.name) && /^[_.\-\s]/.test(stem.slice(t.name.length))));
}

export function formatForFileName(fileName: string): SourceFormat | undefined {
  return FORMATS[extname(fileName).toLowerCase()];
}

export interface Recognition {
  files: RecognisedFile[];
  /** Files present but not recognised (listed in the summary, not imported). */
  skipped: string[];
}

/** Files of one folder (not recursive), in name order so that later extracts win over earlier ones. */
export function recognise(paths: string[]): Recognition {
  const files: RecognisedFile[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    const table = tableForFileName(p);
    const format = formatForFileName(p);
    if (table && format) files.push({ path: p, table, format });
    else skipped.push(p);
  }
  return { files, skipped };
}

export function listFolder(dir: string): string[] {
  return readdirSync(dir).sort().map((n) => join(dir, n)).filter((p) => statSync(p).isFile());
}
