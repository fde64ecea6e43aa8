/**
 * The finding contract: what `audit` writes (JSON Lines, CSV, Excel) and what people review.
 * Sorted by (fixmedins_code, psn_no, occurred_at, rule_id, first bkkp_sn) with further keys so that
 * the same data and rules give byte-identical output.
 */
import type { Warehouse } from '../store/warehouse.js';
import { msg } from '../domain/messages/index.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { FindingPlace } from '../rules/realtime/data.js';

export interface Finding extends FindingPlace {
  rule_id: string;
  rule_version: number;
  severity: string;
  fixmedins_name: string | null;
  message: string;
  basis: string;
}

export const FINDING_FIELDS: (keyof Finding)[] = ['rule_id', 'rule_version', 'severity', 'fixmedins_code', 'fixmedins_name',
  'psn_no', 'mdtrt_id', 'setl_id', 'bkkp_sn', 'amount', 'occurred_at', 'message', 'evidence', 'knowledge_ref', 'basis'];

const ORDER = `fixmedins_code, psn_no, occurred_at, rule_id, coalesce(bkkp_sn[1], ''), coalesce(mdtrt_id, ''),
  coalesce(setl_id, ''), amount, CAST(evidence AS VARCHAR)`;

export function findingMessage(ruleId: string, facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh'): string {
  return msg(`rule.${ruleId}.message`, facts, lang);
}

/** Streams the run's findings in contract order. */
export async function* readFindings(wh: Warehouse, kinds: Map<string, AnyRuleKind>, kindOf: (ruleId: string) => string,
  table = 'audit_findings'): AsyncGenerator<Finding> {
  // Every column as text, so values come out of the chunks exactly (decimals, lists) without conversion.
  const result = await wh.conn.stream(`SELECT a.rule_id, CAST(a.rule_version AS VARCHAR) AS rule_version, a.severity,
      a.fixmedins_code, i.fixmedins_name, a.psn_no, a.mdtrt_id, a.setl_id, CAST(to_json(a.bkkp_sn) AS VARCHAR) AS bkkp_sn,
      CAST(CAST(round(a.amount, 2) AS DECIMAL(18,2)) AS VARCHAR) AS amount,
      CAST(a.occurred_at AS VARCHAR) AS occurred_at, CAST(a.facts AS VARCHAR) AS facts,
      CAST(a.evidence AS VARCHAR) AS evidence, a.knowledge_ref
    FROM ${table} a LEFT JOIN (SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS fixmedins_name
      FROM fixmedins_info GROUP BY fixmedins_code) i USING (fixmedins_code)
    ORDER BY ${ORDER}`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const r of chunk.getRowObjects(result.deduplicatedColumnNames()) as Record<string, unknown>[]) {
      const ruleId = String(r.rule_id);
      const facts = JSON.parse(String(r.facts ?? '{}')) as Record<string, unknown>;
      yield {
        rule_id: ruleId, rule_version: Number(r.rule_version), severity: String(r.severity),
        fixmedins_code: String(r.fixmedins_code), fixmedins_name: (r.fixmedins_name as string | null) ?? null,
        psn_no: String(r.psn_no), mdtrt_id: (r.mdtrt_id as string | null) ?? null, setl_id: (r.setl_id as string | null) ?? null,
        bkkp_sn: JSON.parse(String(r.bkkp_sn ?? '[]')) as string[], amount: String(r.amount), occurred_at: String(r.occurred_at),
        message: findingMessage(ruleId, facts),
        evidence: JSON.parse(String(r.evidence ?? '{}')) as Record<string, unknown>,
        knowledge_ref: (r.knowledge_ref as string | null) ?? null,
        basis: kinds.get(kindOf(ruleId))?.meta.basis ?? '',
      };
    }
  }
}
