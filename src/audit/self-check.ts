/**
 * 机构自查: an institution audits its own extract files with the region's current rules and
 * knowledge, in a SCRATCH warehouse (its own DuckDB file in a temp dir under the data dir), never
 * touching the region's warehouse. Every uploaded row must be the institution's own. Reference
 * tables (persons of the uploaded visits, institutions, doctors, prices) and the knowledge sets
 * are copied from the region's warehouse through parquet files: the region's DuckDB file cannot
 * be attached while this process holds it open, and the one connection exports them in a few
 * quick statements. The findings are kept with the job, not in audit_finding.
 *
 * Rules see only what was uploaded: checks that compare with other institutions' visits (overlaps,
 * peers) cannot find anything that needs those.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OpMigration, OpStore } from '../store/opstore.js';
import { insertFindings } from './run-store.js';
import { Warehouse } from '../store/warehouse.js';
import { importFiles } from '../ingest/importer.js';
import { rejectReason } from '../ingest/rejects.js';
import { ensureKnowledgeSchema, KN_TABLE_NAMES } from '../knowledge/index.js';
import type { AnyRuleKind } from '../rules/registry.js';
import { currentRules, rulesetVersion } from '../rules/store.js';
import { loadedPeriod } from './audit.js';
import { runBatchRules } from './batch-run.js';
import { readFindings } from './findings.js';
import { summarise } from './summary.js';
import { JobError, type JobContext } from './jobs.js';
import type { Serial } from './stepwise.js';

export const SELF_CHECK_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS wb_self_check_finding (
      job_id INTEGER NOT NULL, seq INTEGER NOT NULL, rule_id TEXT NOT NULL, rule_version INTEGER NOT NULL, severity TEXT NOT NULL,
      fixmedins_code TEXT NOT NULL, fixmedins_name TEXT, psn_no TEXT NOT NULL, mdtrt_id TEXT, setl_id TEXT, bkkp_sn JSONB NOT NULL,
      amount NUMERIC(18,2) NOT NULL, occurred_at DATE NOT NULL, message TEXT NOT NULL, evidence JSONB NOT NULL,
      knowledge_ref TEXT, basis TEXT, PRIMARY KEY (job_id, seq))` },
];

/** Tables copied from the region's warehouse (persons only those of the upload). */
const REFERENCE = ['fixmedins_info', 'dr_info', 'price_catalog'];
const OWNED: Record<string, string> = { mdtrt_d: 'mdtrt_id', setl_d: 'setl_id', fee_list_d: 'bkkp_sn' };
const LINKED: Record<string, string> = { setl_list_diag_d: 'setl_list_diag_id', setl_list_oprn_d: 'setl_list_oprn_id' };
const MAX_NAMED = 5;

export interface SelfCheckResult {
  fixmedins_code: string;
  period: { from: string; to: string };
  ruleset_version: string;
  files: unknown[];
  rows_loaded: number;
  rows_rejected: number;
  rejects: { file: string; line: number; column: string; value: string; reason: string }[];
  findings: number;
  amount: string;
  by_rule: { key: string; findings: number; amount: string }[];
  seconds: number;
}

const sqlPath = (p: string) => `'${p.replace(/'/g, "''")}'`;

/** Rows of another institution (or not tied to an uploaded settlement): named by file and key. */
async function foreignRows(s: Warehouse, own: string): Promise<{ file: string; key: string; code: string | null }[]> {
  const bad: { file: string; key: string; code: string | null }[] = [];
  for (const [t, key] of Object.entries(OWNED)) {
    bad.push(...await s.all<{ file: string; key: string; code: string | null }>(`SELECT f.path AS file, '${key}=' || t.${key} AS key,
        t.fixmedins_code AS code FROM ${t} t JOIN import_file f ON f.file_id = t._src_file_id
      WHERE t.fixmedins_code IS DISTINCT FROM ? ORDER BY f.path, t.${key} LIMIT ${MAX_NAMED}`, [own]));
  }
  for (const [t, key] of Object.entries(LINKED)) {
    bad.push(...await s.all<{ file: string; key: string; code: string | null }>(`SELECT f.path AS file, '${key}=' || t.${key} AS key,
        NULL AS code FROM ${t} t JOIN import_file f ON f.file_id = t._src_file_id
      WHERE t.setl_id NOT IN (SELECT setl_id FROM setl_d) ORDER BY f.path, t.${key} LIMIT ${MAX_NAMED}`));
  }
  return bad.map((b) => ({ ...b, file: basename(b.file) }));
}

/** Copies reference and knowledge tables from the region's warehouse into the scratch one. */
async function copyReference(main: Warehouse, serial: Serial, s: Warehouse, dir: string): Promise<void> {
  const psns = join(dir, 'x_psn.parquet');
  await s.run(`COPY (SELECT psn_no FROM mdtrt_d UNION SELECT psn_no FROM setl_d UNION SELECT psn_no FROM fee_list_d)
    TO ${sqlPath(psns)} (FORMAT parquet)`);
  const tables = [...REFERENCE, 'kn_set', ...KN_TABLE_NAMES];
  await serial(async () => {
    await ensureKnowledgeSchema(main);
    await main.run(`COPY (SELECT p.* FROM psn_info p WHERE p.psn_no IN (SELECT psn_no FROM read_parquet(${sqlPath(psns)})))
      TO ${sqlPath(join(dir, 'x_psn_info.parquet'))} (FORMAT parquet)`);
    for (const t of tables) await main.run(`COPY ${t} TO ${sqlPath(join(dir, `x_${t}.parquet`))} (FORMAT parquet)`);
  });
  await ensureKnowledgeSchema(s);
  for (const t of ['psn_info', ...tables]) {
    await s.run(`INSERT INTO ${t} BY NAME SELECT * FROM read_parquet(${sqlPath(join(dir, `x_${t}.parquet`))})`);
  }
}

/** Stores a self-check's findings with its job, in batches. */
async function storeFindings(ops: OpStore, jobId: number, findings: ReturnType<typeof readFindings>): Promise<void> {
  await ops.transaction(async (tx) => {
    await tx.query('DELETE FROM wb_self_check_finding WHERE job_id = $1', [jobId]);
    await insertFindings(tx, 'wb_self_check_finding', { column: 'job_id', id: jobId }, findings);
  });
}

export async function runSelfCheck(main: Warehouse, ops: OpStore, kinds: Map<string, AnyRuleKind>, serial: Serial,
  opts: { dataDir: string; files: string[]; fixmedins_code: string }, ctx: JobContext): Promise<SelfCheckResult> {
  const t0 = performance.now();
  await ops.ensureSchema('workbench_self_check', SELF_CHECK_MIGRATIONS);
  const dir = join(opts.dataDir, 'tmp', `self-check-${ctx.jobId}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A small budget: this instance runs beside the region's in the same process.
  const s = await Warehouse.open(dir, { memoryLimit: '1GB', threads: 1 });
  try {
    ctx.progress(0, 1, 'import');
    const imported = await importFiles(s, dir, opts.files, { rejectsPath: join(dir, 'rejects.csv'), source: 'self-check' });
    const bad = await foreignRows(s, opts.fixmedins_code);
    if (bad.length) {
      const list = bad.slice(0, MAX_NAMED).map((b) => (b.code === null ? `${b.file} ${b.key}` : `${b.file} ${b.key} (${b.code})`)).join('; ');
      throw new JobError('admin.self_check.foreign_rows', { own: opts.fixmedins_code, rows: list });
    }
    const rejects = (await s.all<{ file: string; line: string; column: string | null; value: string | null; code: string; detail: string | null }>(
      `SELECT f.path AS file, CAST(r.line AS VARCHAR) AS line, r."column", r.value, r.code, r.detail FROM import_reject r
       JOIN import_file f USING (file_id) ORDER BY r.file_id, r.line LIMIT 100`))
      .map((r) => ({ file: basename(r.file), line: Number(r.line), column: r.column ?? '', value: r.value ?? '', reason: rejectReason(r.code, r.detail) }));
    const period = await loadedPeriod(s).catch(() => { throw new JobError('admin.self_check.no_settlements'); });
    ctx.checkpoint();
    ctx.progress(0, 1, 'reference');
    await copyReference(main, serial, s, dir);
    const configs = await currentRules(ops, kinds);
    const version = String(await rulesetVersion(ops));
    const enabled = configs.filter((c) => c.enabled);
    await runBatchRules(s, kinds, configs, { ...period, onRule: (id, i, n) => { ctx.checkpoint(); ctx.progress(i, n, id); } });
    ctx.progress(enabled.length, enabled.length, null);
    const summary = await summarise(s);
    const kindOf = new Map(configs.map((c) => [c.rule_id, c.kind]));
    await storeFindings(ops, ctx.jobId, readFindings(s, kinds, (id) => kindOf.get(id) ?? id));
    return { fixmedins_code: opts.fixmedins_code, period, ruleset_version: version,
      files: imported.files, rows_loaded: imported.rows_loaded, rows_rejected: imported.rows_rejected, rejects,
      findings: summary.findings, amount: summary.amount, by_rule: summary.by_rule, seconds: (performance.now() - t0) / 1000 };
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
