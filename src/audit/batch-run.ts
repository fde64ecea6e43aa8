/**
 * Runs configured rules in DuckDB over the base relations and collects their findings in the
 * temp table `audit_findings`, cut to the period (and institutions, when given).
 */
import type { Warehouse, SqlParam } from '../store/warehouse.js';
import { ensureKnowledgeSchema } from '../knowledge/index.js';
import { createBaseViews } from '../rules/base-views.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import type { BatchContext } from '../rules/types.js';

export interface BatchRunOptions {
  from: string;
  to: string;
  institutions?: string[];
  onRule?: (ruleId: string, index: number, total: number) => void;
  /** Runs once the base relations exist, before the first rule; what it returns is added to each rule's context. */
  prepare?: () => Promise<Pick<BatchContext, 'indicators'>>;
}

export interface RuleTiming {
  rule_id: string;
  findings: number;
  seconds: number;
}

export async function runBatchRules(wh: Warehouse, kinds: Map<string, AnyRuleKind>, configs: RuleConfig[],
  opts: BatchRunOptions): Promise<RuleTiming[]> {
  await ensureKnowledgeSchema(wh);
  await createBaseViews(wh, opts.to);
  await wh.run(`CREATE OR REPLACE TEMP TABLE audit_findings (rule_id VARCHAR, rule_version INTEGER, severity VARCHAR,
    fixmedins_code VARCHAR, psn_no VARCHAR, mdtrt_id VARCHAR, setl_id VARCHAR, bkkp_sn VARCHAR[], amount DECIMAL(18,4),
    occurred_at DATE, facts JSON, evidence JSON, knowledge_ref VARCHAR)`);
  const extra = (await opts.prepare?.()) ?? {};
  const timings: RuleTiming[] = [];
  const enabled = configs.filter((c) => c.enabled);
  for (const [i, cfg] of enabled.entries()) {
    const kind = kinds.get(cfg.kind);
    if (!kind) throw new Error(`unknown rule kind ${cfg.kind} (rule ${cfg.rule_id})`);
    opts.onRule?.(cfg.rule_id, i, enabled.length);
    const params = kind.meta.params.parse(cfg.params);
    const q = kind.batch(params, { ...extra, from: opts.from, to: opts.to });
    const inst = opts.institutions?.length ? ` AND q.fixmedins_code IN (${opts.institutions.map(() => '?').join(', ')})` : '';
    const t0 = performance.now();
    const r = await wh.conn.run(`INSERT INTO audit_findings SELECT ?, ?, ?, q.fixmedins_code, q.psn_no, q.mdtrt_id, q.setl_id,
        coalesce(q.bkkp_sn, []), q.amount, q.occurred_at, q.facts, q.evidence, q.knowledge_ref
      FROM (${q.sql}) q WHERE q.occurred_at BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)${inst}`,
      [cfg.rule_id, cfg.version, cfg.severity, ...(q.params ?? []), opts.from, opts.to, ...(opts.institutions ?? [])] as SqlParam[] as never);
    timings.push({ rule_id: cfg.rule_id, findings: Number(r.rowsChanged), seconds: (performance.now() - t0) / 1000 });
  }
  return timings;
}
