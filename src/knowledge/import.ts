/**
 * importKnowledge: official two-libraries batch files and ICD dictionaries → one new versioned
 * knowledge set. Everything is read, recognised and checked before the first write; the set and
 * all its rows are then written in one transaction, so an error leaves the warehouse unchanged.
 */
import { announceChange } from '../store/changes.js';
import { basename, resolve } from 'node:path';
import { msg, msgBoth } from '../domain/messages/index.js';
import type { Warehouse } from '../store/warehouse.js';
import { dedupeRows } from './dedupe.js';
import { isBlank } from './layouts.js';
import { buildDrugRows } from './rows-drug.js';
import { buildDuplicateRows, buildIcdRows, buildItemRows } from './rows-item.js';
import { prepareSheet, Rejects, type SheetWork } from './sheets.js';
import { readBytes, readSource, sha256, type ReadSource } from './source.js';
import { ensureKnowledgeSchema, findSetBySha, writeSet, type StoredSet } from './store.js';
import {
  KNOWLEDGE_KINDS, KnowledgeImportError, type KnowledgeFileReport, type KnowledgeImportOptions,
  type KnowledgeImportReport, type KnowledgeKind, type KnowledgeRows, type RawSheet,
} from './types.js';

interface FileWork {
  src: ReadSource;
  sheets: SheetWork[];
  ignored: RawSheet[];
}

function fail(key: string, params: Record<string, unknown>, file: string | null): never {
  throw new KnowledgeImportError(msgBoth(key, params), file, key);
}

function headerPreview(sheets: RawSheet[]): string {
  const row = sheets.flatMap((s) => s.rows).find((r) => !isBlank(r));
  const text = row ? row.cells.map((c) => c.trim()).filter(Boolean).join('、') : '';
  return text.length > 120 ? `${text.slice(0, 120)}…` : text || '-';
}

/** The set's content hash: the files' hashes, order-free, so the same files in any order match. */
function contentHash(fileShas: string[]): string {
  return sha256(Buffer.from([...new Set(fileShas)].sort().join('\n')));
}

function reportOf(s: StoredSet, alreadyLoaded: boolean): KnowledgeImportReport {
  return {
    setId: s.setId, label: s.label, alreadyLoaded, contentSha256: s.contentSha256, files: s.files,
    rowCounts: s.rowCounts,
    rowsLoaded: Object.values(s.rowCounts).reduce((a, b) => a + (b ?? 0), 0),
    rowsRejected: s.files.reduce((a, f) => a + f.rejected.length, 0),
  };
}

async function readAll(paths: string[], opts: KnowledgeImportOptions, bufs: Buffer[]): Promise<FileWork[]> {
  const out: FileWork[] = [];
  for (let i = 0; i < paths.length; i++) {
    opts.onProgress?.(msg('knowledge.progress.read', { file: basename(paths[i]) }));
    const src = await readSource(paths[i], bufs[i], opts.encoding);
    const sheets: SheetWork[] = [];
    const ignored: RawSheet[] = [];
    for (const s of src.sheets) {
      const w = prepareSheet(s);
      if (w) sheets.push(w);
      else ignored.push(s);
    }
    if (!sheets.length) fail('knowledge.error.unrecognised', { file: paths[i], header: headerPreview(src.sheets) }, paths[i]);
    out.push({ src, sheets, ignored });
  }
  return out;
}

function buildRows(files: FileWork[], rejects: Rejects): { rows: KnowledgeRows; pairs: Map<string, Set<string>> } {
  const rows: KnowledgeRows = { drug: [], item: [], dup: [], icd: [] };
  const drugSheets: SheetWork[] = [];
  for (const f of files) {
    for (const w of f.sheets) {
      switch (w.layout.layout) {
        case 'duplicate-charge': buildDuplicateRows(w, rows.dup, rejects); break;
        case 'icd': buildIcdRows(w, rows.icd, rejects); break;
        case 'drug-codes': case 'drug-restrictions': case 'drug-combined': drugSheets.push(w); break;
        default:
          if (!buildItemRows(w, rows.item, rejects)) {
            fail('knowledge.error.unrecognised', { file: f.src.file.path, header: headerPreview([w.sheet]) }, f.src.file.path);
          }
      }
    }
  }
  const pairs = buildDrugRows(drugSheets, rows.drug, rejects);
  return { rows: dedupeRows(rows, rejects), pairs };
}

const kindOrder = (a: KnowledgeKind, b: KnowledgeKind) => KNOWLEDGE_KINDS.indexOf(a) - KNOWLEDGE_KINDS.indexOf(b);

function fileReports(files: FileWork[], rows: KnowledgeRows, rejects: Rejects, pairs: Map<string, Set<string>>):
  KnowledgeFileReport[] {
  // Knowledge rows per source file and per (file, sheet): a drug row counts for its code sheet.
  const perFile = new Map<string, number>();
  const perSheet = new Map<string, Set<number>>();
  for (const r of [...rows.drug, ...rows.item, ...rows.dup, ...rows.icd]) {
    perFile.set(r.src_file, (perFile.get(r.src_file) ?? 0) + 1);
    const k = `${r.src_file}\u0001${r.src_sheet}`;
    perSheet.set(k, (perSheet.get(k) ?? new Set()).add(r.src_row));
  }
  return files.map(({ src, sheets, ignored }) => {
    const f = src.file;
    for (const w of sheets) {
      if (w.layout.layout !== 'drug-restrictions') w.report.rowsUsed = perSheet.get(`${f.fileName}\u0001${w.sheet.sheet}`)?.size ?? 0;
      w.report.kinds.sort(kindOrder);
    }
    const paired = [...(pairs.get(f.path) ?? [])].map((p) => basename(p));
    return {
      file: f.path, fileName: f.fileName, format: f.format, ...(f.encoding ? { encoding: f.encoding } : {}),
      sha256: f.sha256,
      kinds: [...new Set(sheets.flatMap((w) => w.report.kinds))].sort(kindOrder),
      ...(paired.length ? { pairedWith: paired } : {}),
      sheets: sheets.map((w) => w.report),
      ignoredSheets: ignored.map((s) => ({ sheet: s.sheet, reason: msgBoth('knowledge.note.sheetIgnored', { sheet: s.sheet ?? '-' }) })),
      rowsRead: sheets.reduce((a, w) => a + w.report.rowsRead, 0),
      rowsLoaded: perFile.get(f.fileName) ?? 0,
      rowsSkipped: sheets.reduce((a, w) => a + w.report.rowsSkipped, 0),
      rejected: (rejects.byFile.get(f.fileName) ?? []).slice().sort((a, b) =>
        sheets.findIndex((w) => w.sheet.sheet === a.sheet) - sheets.findIndex((w) => w.sheet.sheet === b.sheet) || a.row - b.row),
    };
  });
}

/**
 * Imports official batch files (xlsx as published, or their per-sheet CSV copies in UTF-8 or
 * GBK) and ICD dictionaries (JSON {code: name} or CSV code,name) as one new knowledge set.
 * Byte-identical content already loaded creates nothing and is reported as alreadyLoaded.
 */
export async function importKnowledge(wh: Warehouse, files: string[], opts: KnowledgeImportOptions = {}):
  Promise<KnowledgeImportReport> {
  const paths = [...new Set(files.map((p) => resolve(p)))];
  if (!paths.length) fail('knowledge.error.noFiles', {}, null);
  // Findings cite files by name: two different files with one name would be ambiguous.
  const names = new Map<string, string>();
  const bufs = paths.map((p) => readBytes(p));
  const shas = bufs.map((b) => sha256(b));
  paths.forEach((p, i) => {
    const prev = names.get(basename(p));
    if (prev !== undefined && shas[i] !== prev) fail('knowledge.error.sameName', { file: basename(p) }, p);
    names.set(basename(p), shas[i]);
  });
  const contentSha256 = contentHash(shas);

  await ensureKnowledgeSchema(wh);
  const existing = await findSetBySha(wh, contentSha256);
  if (existing) {
    opts.onProgress?.(msg('knowledge.progress.alreadyLoaded', { setId: existing.setId, label: existing.label }));
    return reportOf(existing, true);
  }

  const work = await readAll(paths, opts, bufs);
  const rejects = new Rejects();
  const { rows, pairs } = buildRows(work, rejects);
  const total = rows.drug.length + rows.item.length + rows.dup.length + rows.icd.length;
  if (!total) fail('knowledge.error.noRows', {}, null);

  const rowCounts: Partial<Record<KnowledgeKind, number>> = {};
  for (const r of [...rows.drug, ...rows.item, ...rows.dup, ...rows.icd]) rowCounts[r.kind] = (rowCounts[r.kind] ?? 0) + 1;
  const sortedCounts = Object.fromEntries(Object.entries(rowCounts).sort(([a], [b]) =>
    kindOrder(a as KnowledgeKind, b as KnowledgeKind))) as Partial<Record<KnowledgeKind, number>>;
  const label = opts.label ?? msg('knowledge.set.defaultLabel', { date: new Date().toISOString().slice(0, 19).replace('T', ' ') });
  const reports = fileReports(work, rows, rejects, pairs);

  opts.onProgress?.(msg('knowledge.progress.write', { label, rows: total }));
  const setId = await writeSet(wh, { label, contentSha256, files: reports, rowCounts: sortedCounts }, rows);
  const report = reportOf({ setId, label, importedAt: '', contentSha256, files: reports, rowCounts: sortedCounts }, false);
  opts.onProgress?.(msg('knowledge.progress.done', { setId, rows: total, rejected: report.rowsRejected }));
  announceChange('knowledge');
  return report;
}
