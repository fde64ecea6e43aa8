/**
 * A DRG grouping scheme as a versioned knowledge set: imported from a scheme folder (the six JSON
 * files of ../shared/data/chs-drg-1.1), validated with parseDrgScheme, and kept in the warehouse
 * as its files' JSON (table kn_drg_scheme, module 'drg') beside a kn_set row, so `knowledge list`
 * shows it and the latest or a named set can be compiled again. Same content (same scheme hash)
 * is not stored twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { msg, msgBoth } from '../domain/messages/index.js';
import { ensureKnowledgeSchema, KnowledgeImportError, type KnowledgeFileReport } from '../knowledge/index.js';
import type { Warehouse } from '../store/warehouse.js';
import type { WarehouseMigration } from '../store/warehouse-schema.js';
import { compileGrouper } from './grouper.js';
import {
  DRG_SCHEME_FILES, DrgSchemeError, drgSchemeHash, loadDrgScheme, parseDrgScheme, type DrgSchemeData, type DrgSchemeJson,
} from './scheme.js';
import type { DrgGrouper } from './types.js';

/** The DRG module's warehouse tables. */
export const DRG_WAREHOUSE_MIGRATIONS: WarehouseMigration[] = [
  {
    version: 1,
    statements: () => [
      // One row per scheme set; files = {scheme, codeLists, mcc, cc, exclusionGroups, drgNames} as imported.
      `CREATE TABLE IF NOT EXISTS kn_drg_scheme (
        set_id INTEGER PRIMARY KEY, version VARCHAR NOT NULL, hash VARCHAR NOT NULL UNIQUE, files JSON NOT NULL,
        self_check JSON, imported_at TIMESTAMP NOT NULL)`,
      // 病组点数法 settlements and shadow runs, with their parameters, for the workbench.
      `CREATE TABLE IF NOT EXISTS drg_settlement_run (
        run_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, period_from DATE NOT NULL, period_to DATE NOT NULL,
        params JSON NOT NULL, scheme_versions VARCHAR[], cases BIGINT NOT NULL, grouped_cases BIGINT NOT NULL,
        normal_cases BIGINT, high_cost_cases BIGINT, low_cost_cases BIGINT, ungrouped_cases BIGINT,
        budget_fen BIGINT NOT NULL, total_points DECIMAL(38,10), point_value_fen DECIMAL(38,10),
        drg_payment_fen BIGINT, rounding_remainder_fen BIGINT, already_paid_fen BIGINT, balance_fen BIGINT,
        ungrouped_fund_paid_fen BIGINT, created_at TIMESTAMP NOT NULL, created_by VARCHAR)`,
      `CREATE TABLE IF NOT EXISTS drg_settlement_institution (
        run_id INTEGER NOT NULL, fixmedins_code VARCHAR NOT NULL, coefficient DECIMAL(38,10), cases BIGINT,
        normal_cases BIGINT, high_cost_cases BIGINT, low_cost_cases BIGINT, ungrouped_cases BIGINT,
        points DECIMAL(38,10), drg_payment_fen BIGINT, already_paid_fen BIGINT, balance_fen BIGINT,
        ungrouped_fund_paid_fen BIGINT, medfee_fen BIGINT, payment_ratio DECIMAL(38,10),
        PRIMARY KEY (run_id, fixmedins_code))`,
      `CREATE TABLE IF NOT EXISTS drg_settlement_weight (
        run_id INTEGER NOT NULL, drg VARCHAR NOT NULL, adrg VARCHAR, cases BIGINT, kept_cases BIGINT,
        avg_cost_fen DECIMAL(38,10), rw DECIMAL(38,10), base_points DECIMAL(38,10), PRIMARY KEY (run_id, drg))`,
    ],
  },
];

export async function ensureDrgSchema(wh: Warehouse): Promise<void> {
  await ensureKnowledgeSchema(wh);
  await wh.ensureSchema('drg', DRG_WAREHOUSE_MIGRATIONS);
}

/** A folder holding scheme.json is a DRG scheme (as opposed to two-libraries batch files). */
export function isDrgSchemeDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, DRG_SCHEME_FILES.scheme));
  } catch {
    return false;
  }
}

export interface DrgSelfCheck {
  samples: number;
  matched: number;
  /** The first few rows that differ: record_id, expected and obtained DRG. */
  mismatches: { record_id: string; expected: string; got: string }[];
  mismatch_count: number;
}

export interface DrgSchemeImportReport {
  setId: number;
  label: string;
  /** True when a scheme with the same content hash was already loaded: nothing was written. */
  alreadyLoaded: boolean;
  version: string;
  hash: string;
  counts: { mdcs: number; adrgs: number; drgs: number; code_lists: number; mcc: number; cc: number; exclusion_groups: number };
  files: { file: string; sha256: string; entries: number }[];
  /** From samples.csv when the folder has one. */
  selfCheck: DrgSelfCheck | null;
}

export interface DrgSchemeImportOptions {
  label?: string;
  onProgress?: (message: string) => void;
}

function countsOf(d: DrgSchemeData): DrgSchemeImportReport['counts'] {
  const adrgs = d.scheme.mdcs.reduce((a, m) => a + m.adrgs.length, 0);
  const drgs = d.scheme.mdcs.reduce((a, m) => a + m.adrgs.reduce((b, x) => b + x.drgs.length, 0), 0);
  return { mdcs: d.scheme.mdcs.length, adrgs, drgs, code_lists: Object.keys(d.codeLists).length,
    mcc: Object.keys(d.mcc).length, cc: Object.keys(d.cc).length, exclusion_groups: Object.keys(d.exclusionGroups).length };
}

const numOrNull = (s: string | undefined): number | null => (s === undefined || s.trim() === '' ? null : Number(s));

/** Groups samples.csv (README format) with the scheme: a scheme should reproduce its own test vectors. */
function selfCheck(path: string, grouper: DrgGrouper): DrgSelfCheck {
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw new KnowledgeImportError(msgBoth('drg.store.badSamples', { file: path, detail: (e as Error).message }), path, 'drg.store.badSamples');
  }
  const mismatches: DrgSelfCheck['mismatches'] = [];
  let matched = 0;
  let count = 0;
  for (const r of rows) {
    const got = grouper.group({
      sex: r.sex?.trim() ? r.sex.trim() : null,
      age_years: numOrNull(r.age_years), age_days: numOrNull(r.age_days), birth_weight_g: numOrNull(r.birth_weight_g),
      diagnoses: r.diagnoses ? r.diagnoses.split('|') : [], procedures: r.procedures ? r.procedures.split('|') : [],
    }).drg;
    if (got === r.expected_drg) matched++;
    else if (++count <= 10) mismatches.push({ record_id: r.record_id, expected: r.expected_drg, got });
  }
  return { samples: rows.length, matched, mismatches, mismatch_count: rows.length - matched };
}

interface SchemeRow { set_id: number; version: string; hash: string; label: string; imported_at: string }

async function findByHash(wh: Warehouse, hash: string): Promise<SchemeRow | undefined> {
  return wh.one<SchemeRow>(`SELECT d.set_id, d.version, d.hash, s.label, CAST(s.imported_at AS VARCHAR) AS imported_at
    FROM kn_drg_scheme d JOIN kn_set s USING (set_id) WHERE d.hash = ?`, [hash]);
}

/**
 * Imports a scheme folder as a new knowledge set. The files are read and validated before
 * anything is written (a broken scheme raises a KnowledgeImportError naming the file and JSON
 * path, and the warehouse is left as it was); the set row and the scheme are written in one
 * transaction.
 */
export async function importDrgScheme(wh: Warehouse, dir: string, opts: DrgSchemeImportOptions = {}): Promise<DrgSchemeImportReport> {
  const root = resolve(dir);
  let data: DrgSchemeData;
  try {
    data = await loadDrgScheme(root);
  } catch (e) {
    if (e instanceof DrgSchemeError) throw new KnowledgeImportError(e.message, e.file, e.key);
    throw e;
  }
  const hash = drgSchemeHash(data);
  const counts = countsOf(data);
  const files = (Object.entries(DRG_SCHEME_FILES) as [keyof DrgSchemeJson, string][]).map(([part, name]) => {
    const bytes = readFileSync(join(root, name));
    const v = data[part] as unknown;
    const entries = part === 'scheme' ? counts.drgs : Object.keys(v as object).length;
    return { file: name, sha256: createHash('sha256').update(bytes).digest('hex'), entries };
  });

  await ensureDrgSchema(wh);
  const existing = await findByHash(wh, hash);
  if (existing) {
    opts.onProgress?.(msg('drg.store.alreadyLoaded', { setId: existing.set_id, label: existing.label }));
    return { setId: Number(existing.set_id), label: existing.label, alreadyLoaded: true, version: data.version, hash, counts, files,
      selfCheck: null };
  }

  const grouper = compileGrouper(data);
  const samplesPath = join(root, 'samples.csv');
  const check = existsSync(samplesPath) ? selfCheck(samplesPath, grouper) : null;
  if (check) {
    opts.onProgress?.(msg('drg.store.selfCheck', { samples: check.samples, matched: check.matched }));
    if (check.mismatch_count > 0) {
      opts.onProgress?.(msg('drg.store.selfCheckMismatch', { mismatches: check.mismatch_count,
        examples: check.mismatches.slice(0, 3).map((m) => `${m.record_id}: ${m.expected} → ${m.got}`).join('；') }));
    }
  }

  const label = opts.label ?? msg('drg.store.defaultLabel', { version: data.version, date: new Date().toISOString().slice(0, 19).replace('T', ' ') });
  // The knowledge ledger's file reports, so that the workbench and `knowledge list` show the set like any other.
  const reports: KnowledgeFileReport[] = files.map((f) => ({
    file: join(root, f.file), fileName: f.file, format: 'json', sha256: f.sha256, kinds: [], sheets: [], ignoredSheets: [],
    rowsRead: f.entries, rowsLoaded: f.entries, rowsSkipped: 0, rejected: [],
  }));
  const json: DrgSchemeJson = { scheme: data.scheme, codeLists: data.codeLists, mcc: data.mcc, cc: data.cc,
    exclusionGroups: data.exclusionGroups, drgNames: data.drgNames };
  const setId = await wh.transaction(async () => {
    const next = await wh.one<{ id: number }>('SELECT COALESCE(max(set_id), 0) + 1 AS id FROM kn_set');
    const id = Number(next?.id ?? 1);
    await wh.run('INSERT INTO kn_set VALUES (?, ?, now()::TIMESTAMP, ?, ?::JSON, ?::JSON)', [
      id, label, hash, JSON.stringify(reports), JSON.stringify({ 'drg-mdc': counts.mdcs, 'drg-adrg': counts.adrgs, 'drg-drg': counts.drgs }),
    ]);
    await wh.run('INSERT INTO kn_drg_scheme VALUES (?, ?, ?, ?::JSON, ?::JSON, now()::TIMESTAMP)', [
      id, data.version, hash, JSON.stringify(json), check ? JSON.stringify(check) : null,
    ]);
    return id;
  });
  opts.onProgress?.(msg('drg.store.imported', { setId, label, ...counts, version: data.version, hash: hash.slice(0, 12) }));
  return { setId, label, alreadyLoaded: false, version: data.version, hash, counts, files, selfCheck: check };
}

export interface StoredDrgScheme {
  setId: number;
  label: string;
  version: string;
  hash: string;
  importedAt: string;
  data: DrgSchemeData;
}

export interface DrgSchemeSetInfo { setId: number; label: string; version: string; hash: string; importedAt: string }

/** The scheme sets, oldest first. */
export async function listDrgSchemes(wh: Warehouse): Promise<DrgSchemeSetInfo[]> {
  await ensureDrgSchema(wh);
  const rows = await wh.all<SchemeRow>(`SELECT d.set_id, d.version, d.hash, s.label, CAST(s.imported_at AS VARCHAR) AS imported_at
    FROM kn_drg_scheme d JOIN kn_set s USING (set_id) ORDER BY d.set_id`);
  return rows.map((r) => ({ setId: Number(r.set_id), label: r.label, version: r.version, hash: r.hash, importedAt: r.imported_at }));
}

/** The newest scheme set's id, or null when none was imported. Cheap: for polling. */
export async function latestDrgSchemeSetId(wh: Pick<Warehouse, 'one'>): Promise<number | null> {
  const r = await wh.one<{ id: number | null }>('SELECT max(set_id) AS id FROM kn_drg_scheme');
  return r?.id === null || r?.id === undefined ? null : Number(r.id);
}

/**
 * Reads a scheme set back and validates it again (the stored JSON is data like any other).
 * Without setId: the newest set, or null when there is none. A setId that is not a scheme set
 * raises a KnowledgeImportError.
 */
export async function loadStoredDrgScheme(wh: Warehouse, setId?: number | null): Promise<StoredDrgScheme | null> {
  await ensureDrgSchema(wh);
  const r = await wh.one<SchemeRow & { files: string }>(`SELECT d.set_id, d.version, d.hash, CAST(d.files AS VARCHAR) AS files, s.label,
      CAST(s.imported_at AS VARCHAR) AS imported_at
    FROM kn_drg_scheme d JOIN kn_set s USING (set_id)
    WHERE ${setId === undefined || setId === null ? 'd.set_id = (SELECT max(set_id) FROM kn_drg_scheme)' : 'd.set_id = ?'}`,
  setId === undefined || setId === null ? [] : [setId]);
  if (!r) {
    if (setId === undefined || setId === null) return null;
    throw new KnowledgeImportError(msgBoth('drg.store.setNotFound', { setId }), null, 'drg.store.setNotFound');
  }
  let data: DrgSchemeData;
  try {
    data = parseDrgScheme(JSON.parse(r.files) as DrgSchemeJson);
  } catch (e) {
    if (e instanceof DrgSchemeError) throw new KnowledgeImportError(e.message, `kn_drg_scheme #${r.set_id}/${e.file}`, e.key);
    throw e;
  }
  return { setId: Number(r.set_id), label: r.label, version: r.version, hash: r.hash, importedAt: r.imported_at, data };
}

/** The newest (or a named) scheme set, compiled; throws a clear error when none was imported. */
export async function requireDrgGrouper(wh: Warehouse, setId?: number | null): Promise<StoredDrgScheme & { grouper: DrgGrouper }> {
  const s = await loadStoredDrgScheme(wh, setId);
  if (!s) throw new KnowledgeImportError(msgBoth('drg.store.noScheme'), null, 'drg.store.noScheme');
  return { ...s, grouper: compileGrouper(s.data) };
}
