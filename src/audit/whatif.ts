/**
 * What-if: the current rule set and a draft over the same period; findings and money added and
 * removed per rule. Nothing is published: the draft only runs.
 */
import type { Warehouse } from '../store/warehouse.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { runBatchRules } from './batch-run.js';

export interface WhatIfRow {
  rule_id: string;
  base_findings: number;
  draft_findings: number;
  added: number;
  removed: number;
  added_amount: string;
  removed_amount: string;
  net_amount: string;
}

/**
 * One text key per finding, the same for the command line's comparison and the workbench's job: its
 * rule, place, lines and day and (for indicator findings, whose place is only the institution) which
 * indicator of which unit. Findings of different rules or visits never share a key.
 */
export const FINDING_KEY_SQL = `concat_ws(chr(31), rule_id, fixmedins_code, psn_no, coalesce(mdtrt_id, ''), coalesce(setl_id, ''),
  CAST(bkkp_sn AS VARCHAR), CAST(occurred_at AS VARCHAR), json_extract_string(evidence, '$.indicator'),
  json_extract_string(evidence, '$.level'), json_extract_string(evidence, '$.unit_code'))`;

export async function compareRulesets(wh: Warehouse, kinds: Map<string, AnyRuleKind>, base: RuleConfig[], draft: RuleConfig[],
  period: { from: string; to: string; institutions?: string[] }): Promise<WhatIfRow[]> {
  await runBatchRules(wh, kinds, base, period);
  await wh.run('CREATE OR REPLACE TEMP TABLE whatif_base AS SELECT * FROM audit_findings');
  await runBatchRules(wh, kinds, draft, period);
  await wh.run('CREATE OR REPLACE TEMP TABLE whatif_draft AS SELECT * FROM audit_findings');
  const rows = await wh.all<Record<string, string>>(`
    WITH b AS (SELECT ${FINDING_KEY_SQL} AS k, rule_id, round(amount, 2) AS amount FROM whatif_base),
         d AS (SELECT ${FINDING_KEY_SQL} AS k, rule_id, round(amount, 2) AS amount FROM whatif_draft),
         added AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM d WHERE k NOT IN (SELECT k FROM b) GROUP BY rule_id),
         removed AS (SELECT rule_id, count(*) AS n, sum(amount) AS amt FROM b WHERE k NOT IN (SELECT k FROM d) GROUP BY rule_id),
         ids AS (SELECT rule_id FROM b UNION SELECT rule_id FROM d)
    SELECT ids.rule_id, (SELECT count(*) FROM b WHERE b.rule_id = ids.rule_id) AS base_findings,
      (SELECT count(*) FROM d WHERE d.rule_id = ids.rule_id) AS draft_findings,
      coalesce(a.n, 0) AS added, coalesce(r.n, 0) AS removed,
      CAST(CAST(coalesce(a.amt, 0) AS DECIMAL(18,2)) AS VARCHAR) AS added_amount,
      CAST(CAST(coalesce(r.amt, 0) AS DECIMAL(18,2)) AS VARCHAR) AS removed_amount,
      CAST(CAST(coalesce(a.amt, 0) - coalesce(r.amt, 0) AS DECIMAL(18,2)) AS VARCHAR) AS net_amount
    FROM ids LEFT JOIN added a USING (rule_id) LEFT JOIN removed r USING (rule_id) ORDER BY ids.rule_id`);
  return rows.map((r) => ({ rule_id: r.rule_id, base_findings: Number(r.base_findings), draft_findings: Number(r.draft_findings),
    added: Number(r.added), removed: Number(r.removed), added_amount: r.added_amount, removed_amount: r.removed_amount,
    net_amount: r.net_amount }));
}
