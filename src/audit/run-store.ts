/**
 * Recorded audit runs and their findings in the operational store: what people review, filter
 * and decide on. Findings are copied in batches of multi-row parameterised INSERTs.
 */
import type { OpMigration, OpQueryable, OpStore } from '../store/opstore.js';
import type { Finding } from './findings.js';

export const AUDIT_MIGRATIONS: OpMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE IF NOT EXISTS audit_run (
      run_id SERIAL PRIMARY KEY, kind TEXT NOT NULL DEFAULT 'audit', started_at TIMESTAMPTZ NOT NULL,
      finished_at TIMESTAMPTZ, period_from DATE NOT NULL, period_to DATE NOT NULL, institutions JSONB NOT NULL,
      ruleset_version TEXT NOT NULL, rules JSONB NOT NULL, knowledge_sets JSONB NOT NULL,
      findings_count INTEGER, amount NUMERIC(18,2), summary JSONB, duration_s NUMERIC(12,3), created_by TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS audit_finding (
      run_id INTEGER NOT NULL REFERENCES audit_run(run_id), seq INTEGER NOT NULL,
      rule_id TEXT NOT NULL, rule_version INTEGER NOT NULL, severity TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
      fixmedins_name TEXT, psn_no TEXT NOT NULL, mdtrt_id TEXT, setl_id TEXT, bkkp_sn JSONB NOT NULL,
      amount NUMERIC(18,2) NOT NULL, occurred_at DATE NOT NULL, message TEXT NOT NULL, evidence JSONB NOT NULL,
      knowledge_ref TEXT, basis TEXT, PRIMARY KEY (run_id, seq));
    CREATE INDEX IF NOT EXISTS audit_finding_inst ON audit_finding (run_id, fixmedins_code);
    CREATE INDEX IF NOT EXISTS audit_finding_rule ON audit_finding (run_id, rule_id)`,
  },
];

export interface RunRecord {
  kind: 'audit' | 'whatif';
  period_from: string;
  period_to: string;
  institutions: string[];
  ruleset_version: string;
  rules: { rule_id: string; version: number }[];
  knowledge_sets: number[];
  created_by: string;
}

export async function startRun(ops: OpStore, r: RunRecord): Promise<number> {
  await ops.ensureSchema('audit', AUDIT_MIGRATIONS);
  const rows = await ops.query<{ run_id: number }>(`INSERT INTO audit_run (kind, started_at, period_from, period_to,
    institutions, ruleset_version, rules, knowledge_sets, created_by) VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8) RETURNING run_id`,
  [r.kind, r.period_from, r.period_to, JSON.stringify(r.institutions), r.ruleset_version, JSON.stringify(r.rules),
    JSON.stringify(r.knowledge_sets), r.created_by]);
  return Number(rows[0].run_id);
}

const FIELDS = 17;
const BATCH = 400;

/** Copies a run's findings and closes the run with its totals, in one transaction. */
/**
 * Writes findings in batches of BATCH rows, numbered from 1, into a findings table whose first column is the
 * owner (an audit run, a self-check job) and whose other columns are those of the findings contract.
 */
export async function insertFindings(tx: OpQueryable, table: 'audit_finding' | 'wb_self_check_finding', owner: { column: 'run_id' | 'job_id'; id: number },
  findings: AsyncIterable<Finding>): Promise<void> {
  let batch: unknown[] = []; let n = 0; let seq = 0;
  const flush = async () => {
    if (!n) return;
    const values = Array.from({ length: n }, (_, i) => `(${Array.from({ length: FIELDS }, (_, j) => `$${i * FIELDS + j + 1}`).join(', ')})`);
    await tx.query(`INSERT INTO ${table} (${owner.column}, seq, rule_id, rule_version, severity, fixmedins_code, fixmedins_name,
      psn_no, mdtrt_id, setl_id, bkkp_sn, amount, occurred_at, message, evidence, knowledge_ref, basis) VALUES ${values.join(', ')}`,
    batch as never);
    batch = []; n = 0;
  };
  for await (const f of findings) {
    batch.push(owner.id, ++seq, f.rule_id, f.rule_version, f.severity, f.fixmedins_code, f.fixmedins_name, f.psn_no, f.mdtrt_id,
      f.setl_id, JSON.stringify(f.bkkp_sn), f.amount, f.occurred_at, f.message, JSON.stringify(f.evidence), f.knowledge_ref, f.basis);
    if (++n === BATCH) await flush();
  }
  await flush();
}

// Counts the runs finished in this process, so that readers caching "the latest run" know when to look again.
let finishedRuns = 0;
export const finishedRunsInProcess = (): number => finishedRuns;

export async function finishRun(ops: OpStore, runId: number, findings: AsyncIterable<Finding>,
  summary: { findings: number; amount: string; duration_s: number; detail: unknown }): Promise<void> {
  await ops.transaction(async (tx) => {
    await insertFindings(tx, 'audit_finding', { column: 'run_id', id: runId }, findings);
    await tx.query(`UPDATE audit_run SET finished_at = now(), findings_count = $2, amount = $3, duration_s = $4, summary = $5
      WHERE run_id = $1`, [runId, summary.findings, summary.amount, summary.duration_s, JSON.stringify(summary.detail)]);
  });
  finishedRuns++;
  // The findings pages filter and join these tables; plans made before the run would be made for empty ones.
  await ops.analyze(['audit_run', 'audit_finding']);
}

export async function listRuns(ops: OpStore, limit = 20): Promise<Record<string, unknown>[]> {
  await ops.ensureSchema('audit', AUDIT_MIGRATIONS);
  return ops.query(`SELECT run_id, kind, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started_at,
    to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, ruleset_version,
    findings_count, amount::text AS amount, duration_s::text AS duration_s FROM audit_run ORDER BY run_id DESC LIMIT $1`, [limit]);
}
