/**
 * Imports a region's extract and reference files into the warehouse.
 *
 * Every file is staged and validated first, in temporary tables, outside any transaction; then all
 * merges, the import ledger and the rejects are written in ONE transaction. A fatal problem in any
 * file (missing required column, unreadable file, disk error) or a killed process therefore leaves
 * the warehouse exactly as it was. Re-imports replace rows with the same key (newest wins).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Warehouse } from '../store/warehouse.js';
import { msg } from '../domain/messages/index.js';
import { listFolder, recognise, type RecognisedFile } from './recognize.js';
import { prepareSource, type PreparedSource } from './sources.js';
import { checkSql, deleteExistingSql, dropSql, duplicateCountSql, fieldRejectsSql, lineExpr, loadSql,
  type StageSource } from './stage-sql.js';
import { nationalColumns } from '../domain/tables.js';
import { ImportError } from './errors.js';
import { pollQueryProgress, type ProgressListener } from './progress.js';
import { writeRejectsCsv } from './rejects.js';

export interface ImportOptions {
  /** Force the text encoding of CSV files (utf8, gbk, gb18030); detected otherwise. */
  encoding?: string;
  onProgress?: ProgressListener;
  /** Where the rejects CSV goes; default <dataDir>/rejects/import-<id>.csv. */
  rejectsPath?: string;
  source?: string;
}

export interface FileSummary {
  file: string;
  table: string;
  encoding: string;
  rows_read: number;
  rows_loaded: number;
  rows_replaced: number;
  rows_rejected: number;
  rows_duplicate: number;
  rows_void: number;
  /** Columns that are not national columns of the table (ignored). */
  unknown_columns: string[];
  /** National columns the warehouse does not store (ignored). */
  ignored_columns: string[];
}

export interface ImportSummary {
  import_id: number;
  seconds: number;
  files: FileSummary[];
  skipped: string[];
  rows_loaded: number;
  rows_rejected: number;
  rejects_path: string | null;
}

interface StagedFile {
  prepared: PreparedSource;
  n: number;
  check: string;
  drop: string | undefined;
  src: StageSource;
  positions: Map<string, number>;
  summary: FileSummary;
  sha256: string;
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function checkHeader(p: PreparedSource): { positions: Map<string, number>; unknown: string[] } {
  const file = basename(p.file.path);
  const dupes = p.header.filter((h, i) => p.header.indexOf(h) !== i);
  if (dupes.length) throw new ImportError('ingest.duplicate_columns', { file, columns: [...new Set(dupes)].join(', ') });
  const missing = p.file.table.required.filter((c) => !p.header.includes(c));
  if (missing.length) {
    throw new ImportError('ingest.missing_columns', { file, table: p.file.table.name, columns: missing.join(', ') });
  }
  const known = new Set(p.file.table.columns.map((c) => c.name));
  const positions = new Map<string, number>();
  const unknown: string[] = [];
  p.header.forEach((h, i) => (known.has(h) ? positions.set(h, i) : h && unknown.push(p.rawHeader[i])));
  return { positions, unknown };
}

async function count(wh: Warehouse, sql: string): Promise<number> {
  return Number((await wh.one<{ n: string }>(sql))?.n ?? 0);
}

/** Stages one file into a temp table and gathers its rejects into the import's reject table. */
async function stageFile(wh: Warehouse, f: RecognisedFile, n: number, scratch: string, fileId: number,
  opts: ImportOptions): Promise<StagedFile> {
  const label = basename(f.path);
  const progress = (stage: string, unit: 'rows' | 'bytes') => (done: number, total: number) =>
    opts.onProgress?.({ label, stage, done, total, unit });
  const prepared = await prepareSource(f, scratch, {
    encoding: opts.encoding,
    describeParquet: async (path) => (await wh.all<{ column_name: string }>(
      'DESCRIBE SELECT * FROM read_parquet(?)', [path])).map((r) => r.column_name),
    onBytes: progress('ingest.stage.transcode', 'bytes'),
  });
  const { positions, unknown } = checkHeader(prepared);
  const check = `imp_check_${n}`;
  const src: StageSource = { readAs: prepared.readAs, ncols: prepared.header.length, rawHeader: prepared.rawHeader,
    delimiter: prepared.delimiter, rejects: `imp_rej_${n}` };
  const stop = pollQueryProgress(() => wh.conn.progress, progress('ingest.stage.read', 'rows'));
  try {
    await wh.run(checkSql(check, src, f.table, positions, false), [prepared.readPath]);
  } catch (e) {
    throw new ImportError('ingest.unreadable_file', { file: label, detail: (e as Error).message });
  } finally {
    stop();
  }
  let structural = prepared.readAs === 'csv' ? await count(wh, `SELECT count(DISTINCT line) AS n FROM ${src.rejects}`) : 0;
  let stats = await wh.one<Record<string, string>>(`SELECT count(*) AS checked,
    count(*) FILTER (WHERE len(_errors) > 0) AS bad FROM ${check}`);
  const duplicates = await count(wh, duplicateCountSql(check, f.table));
  if (Number(stats?.bad ?? 0) > 0 || duplicates > 0) {
    // Findings: check again with record numbers, to name lines and keep the last of duplicates.
    if (prepared.readAs === 'csv') await wh.run(`DROP TABLE IF EXISTS ${src.rejects}; DROP TABLE IF EXISTS ${src.rejects}_scan`);
    await wh.run(checkSql(check, src, f.table, positions, true), [prepared.readPath]);
    structural = prepared.readAs === 'csv' ? await count(wh, `SELECT count(DISTINCT line) AS n FROM ${src.rejects}`) : 0;
    stats = await wh.one<Record<string, string>>(`SELECT count(*) AS checked,
      count(*) FILTER (WHERE len(_errors) > 0) AS bad FROM ${check}`);
    await wh.run(fieldRejectsSql(fileId, check, lineExpr(src, structural > 0, 'r._ord')));
  }
  if (structural) await collectStructuralRejects(wh, src.rejects, fileId, prepared.rawHeader);
  const checked = Number(stats?.checked ?? 0);
  const bad = Number(stats?.bad ?? 0);
  let drop: string | undefined;
  if (duplicates > 0) {
    drop = `imp_drop_${n}`;
    await wh.run(dropSql(drop, check, f.table));
  }
  const summary: FileSummary = {
    file: label, table: f.table.name, encoding: prepared.encoding,
    rows_read: checked + structural,
    rows_loaded: checked - bad - duplicates,
    rows_replaced: 0, rows_rejected: bad + structural, rows_duplicate: duplicates,
    rows_void: 0, unknown_columns: unknown.filter((c) => !isNational(f.table.name, c)),
    ignored_columns: unknown.filter((c) => isNational(f.table.name, c)),
  };
  return { prepared, n, check, drop, src, positions, summary, sha256: await sha256(f.path) };
}

function isNational(table: string, column: string): boolean {
  return nationalColumns(table).includes(column.trim().toLowerCase());
}

/** DuckDB's structurally rejected records (wrong field count, bad encoding) into the import's rejects. */
async function collectStructuralRejects(wh: Warehouse, rej: string, fileId: number, rawHeader: string[]): Promise<void> {
  // A record with the wrong number of fields is about the record, not a column; for an encoding
  // error the column is named by its header (set below, as a parameter, since it is file text).
  await wh.run(`INSERT INTO imp_rejects SELECT ${fileId}, line,
    CASE WHEN error_type = 'INVALID ENCODING' THEN column_name ELSE '' END, csv_line,
    CASE error_type WHEN 'MISSING COLUMNS' THEN 'wrong_columns' WHEN 'TOO MANY COLUMNS' THEN 'wrong_columns'
      WHEN 'INVALID ENCODING' THEN 'bad_encoding' ELSE 'bad_row' END,
    CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')
      THEN regexp_extract(error_message, 'Columns: (\\d+)', 1) || '/' || regexp_extract(error_message, 'Found: (\\d+)', 1)
      ELSE error_message END
    FROM (SELECT DISTINCT ON (line) * FROM ${rej} ORDER BY line, column_idx)`);
  const positional = await wh.all<{ c: string }>(
    `SELECT DISTINCT "column" AS c FROM imp_rejects WHERE file_id = ${fileId} AND code = 'bad_encoding'`);
  for (const { c } of positional) {
    const name = rawHeader[Number(c.slice(1))] ?? c;
    await wh.run(`UPDATE imp_rejects SET "column" = ? WHERE file_id = ${fileId} AND "column" = ?`, [name, c]);
  }
}

/** Imports the given files (one transaction for all of them). */
export async function importFiles(wh: Warehouse, dataDir: string, paths: string[], opts: ImportOptions = {}):
  Promise<ImportSummary> {
  const started = Date.now();
  for (const p of paths) if (!existsSync(p)) throw new ImportError('ingest.not_found', { path: p });
  const { files, skipped } = recognise(paths);
  if (files.length === 0) throw new ImportError('ingest.no_files', { dir: paths.join(', ') || '.' });
  const importId = Number((await wh.one<{ n: string }>('SELECT coalesce(max(import_id), 0) + 1 AS n FROM import_batch'))?.n);
  const firstFileId = Number((await wh.one<{ n: string }>('SELECT coalesce(max(file_id), 0) + 1 AS n FROM import_file'))?.n);
  const scratch = join(dataDir, 'tmp', `import-${importId}-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  await wh.run(`CREATE OR REPLACE TEMP TABLE imp_rejects (file_id INTEGER, line BIGINT, "column" VARCHAR,
    value VARCHAR, code VARCHAR, detail VARCHAR)`);
  const staged: StagedFile[] = [];
  try {
    for (const [i, f] of files.entries()) staged.push(await stageFile(wh, f, i, scratch, firstFileId + i, opts));

    await wh.transaction(async () => {
      for (const [i, s] of staged.entries()) {
        const spec = s.prepared.file.table;
        opts.onProgress?.({ label: s.summary.file, stage: 'ingest.stage.merge', done: 0, total: s.summary.rows_loaded, unit: 'rows' });
        const del = await wh.conn.run(deleteExistingSql(spec, s.check));
        s.summary.rows_replaced = Number(del.rowsChanged);
        await wh.run(loadSql(spec, s.src, s.positions, s.drop), [s.prepared.readPath, importId, firstFileId + i]);
        if (spec.columns.some((c) => c.name === 'vali_flag')) {
          s.summary.rows_void = await count(wh, `SELECT count(*) AS n FROM ${spec.name} WHERE _src_file_id = ${firstFileId + i} AND vali_flag = '0'`);
        }
        opts.onProgress?.({ label: s.summary.file, stage: 'ingest.stage.merge', done: s.summary.rows_loaded, total: s.summary.rows_loaded, unit: 'rows' });
        await wh.run(`INSERT INTO import_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          firstFileId + i, importId, s.prepared.file.path, spec.name, s.summary.encoding, s.sha256,
          s.summary.rows_read, s.summary.rows_loaded, s.summary.rows_rejected, s.summary.rows_duplicate,
          s.summary.rows_void, JSON.stringify(s.summary)]);
      }
      await wh.run(`INSERT INTO import_reject SELECT ?, file_id, line, "column", value, code, detail FROM imp_rejects`, [importId]);
      const totals = summarise(importId, started, staged, skipped, null);
      await wh.run(`INSERT INTO import_batch VALUES (?, 'extract', to_timestamp(? / 1000), now(), ?, ?)`, [
        importId, started, opts.source ?? paths.join(', '), JSON.stringify(totals)]);
    });
    await wh.run('CHECKPOINT');
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('ingest.failed', { detail: (e as Error).message });
  } finally {
    for (let i = 0; i < files.length; i++) {
      for (const t of [`imp_check_${i}`, `imp_drop_${i}`, `imp_rej_${i}`, `imp_rej_${i}_scan`]) {
        await wh.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      }
    }
    await wh.run('DROP TABLE IF EXISTS imp_rejects').catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
  const rejected = staged.reduce((a, s) => a + s.summary.rows_rejected, 0);
  let rejectsPath: string | null = null;
  if (rejected > 0) {
    rejectsPath = opts.rejectsPath ?? join(dataDir, 'rejects', `import-${importId}.csv`);
    await writeRejectsCsv(wh, importId, rejectsPath);
  }
  return summarise(importId, started, staged, skipped, rejectsPath);
}

function summarise(importId: number, started: number, staged: StagedFile[], skipped: string[],
  rejectsPath: string | null): ImportSummary {
  return {
    import_id: importId,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    files: staged.map((s) => s.summary),
    skipped: skipped.map((p) => basename(p)),
    rows_loaded: staged.reduce((a, s) => a + s.summary.rows_loaded, 0),
    rows_rejected: staged.reduce((a, s) => a + s.summary.rows_rejected, 0),
    rejects_path: rejectsPath,
  };
}

/** Imports every recognised file of a folder, or a single file. */
export async function importPath(wh: Warehouse, dataDir: string, path: string, opts: ImportOptions = {}):
  Promise<ImportSummary> {
  if (!existsSync(path)) throw new ImportError('ingest.not_found', { path });
  const paths = statSync(path).isDirectory() ? listFolder(path) : [path];
  if (statSync(path).isDirectory() && recognise(paths).files.length === 0) throw new ImportError('ingest.no_files', { dir: path });
  return importFiles(wh, dataDir, paths, { source: path, ...opts });
}

export function summaryLines(s: ImportSummary): string[] {
  const lines = [msg('ingest.summary.title', { import_id: s.import_id, seconds: s.seconds })];
  for (const f of s.files) {
    lines.push(msg('ingest.summary.file', { file: f.file, table: f.table, read: f.rows_read, loaded: f.rows_loaded,
      replaced: f.rows_replaced, rejected: f.rows_rejected, duplicate: f.rows_duplicate, void: f.rows_void }));
    if (f.unknown_columns.length) lines.push(msg('ingest.summary.unknown_columns', { file: f.file, columns: f.unknown_columns.join(', ') }));
  }
  if (s.skipped.length) lines.push(msg('ingest.summary.skipped', { files: s.skipped.join(', ') }));
  if (s.rejects_path) lines.push(msg('ingest.summary.rejects', { path: s.rejects_path }));
  return lines;
}
