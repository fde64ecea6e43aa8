/**
 * Runs the configured rules' real-time evaluators over one person's data, and tells what a
 * newly checked settlement or order changes: the findings it adds and the earlier ones it
 * withdraws (a refund, say). Evaluating the history with and without the new rows and taking the
 * difference keeps every evaluator a plain port of its batch query.
 */
import { Decimal } from 'decimal.js';
import { msg } from '../../domain/messages/index.js';
import type { AnyRuleKind } from '../registry.js';
import type { RuleConfig } from '../config.js';
import type { Severity } from '../types.js';
import { deriveBase, mergePersonData, type PeerSettlement, type RawPersonData, type RtData, type RtFindingRow,
  type RtKnowledge } from './data.js';

export interface RtFinding extends RtFindingRow {
  rule_id: string;
  rule_version: number;
  severity: Severity;
  message: string;
  basis: string;
}

export interface RtRuleSet {
  kinds: Map<string, AnyRuleKind>;
  configs: RuleConfig[];
  kn: RtKnowledge;
}

/** Amount rounded to the fen, as the finding contract states it. */
export function amountText(amount: string): string {
  return new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * Identity of a finding: rule, keys, amount, date and the knowledge row or parameter it cites (one
 * settlement may exceed two configured caps by the same amount: two findings).
 */
export function findingKey(f: { rule_id: string; mdtrt_id: string | null; setl_id: string | null; bkkp_sn: string[];
  amount: string; occurred_at: string; knowledge_ref?: string | null }): string {
  return [f.rule_id, f.mdtrt_id ?? '', f.setl_id ?? '', [...f.bkkp_sn].join(','), amountText(f.amount), f.occurred_at,
    f.knowledge_ref ?? ''].join('|');
}

/** Rule ids of enabled configurations whose kind has no real-time evaluator (provider statistics). */
export function batchOnlyRules(rs: RtRuleSet): string[] {
  return rs.configs.filter((c) => c.enabled && !rs.kinds.get(c.kind)?.realtime).map((c) => c.rule_id);
}

/** Every finding of the enabled real-time rules over this person's data. */
export function evaluatePerson(rs: RtRuleSet, psn_no: string, raw: RawPersonData,
  peers: (code: string) => PeerSettlement[] = () => []): RtFinding[] {
  const base = deriveBase(raw);
  const data: RtData = { psn_no, raw, ...base, kn: rs.kn, peers };
  const out: RtFinding[] = [];
  for (const cfg of rs.configs) {
    if (!cfg.enabled) continue;
    const kind = rs.kinds.get(cfg.kind);
    if (!kind?.realtime) continue;
    const params = kind.meta.params.parse(cfg.params);
    for (const row of kind.realtime(params, data)) {
      out.push({ ...row, rule_id: cfg.rule_id, rule_version: cfg.version, severity: cfg.severity,
        message: msg(`rule.${kind.meta.id}.message`, row.facts), basis: kind.meta.basis });
    }
  }
  return out;
}

export interface RtChange {
  /** Findings that exist with the new rows and did not before. */
  added: RtFinding[];
  /** Findings of the history that the new rows withdraw (e.g. a refund cancels a settlement). */
  withdrawn: RtFinding[];
}

/** What adding `incoming` to a person's `history` changes. */
export function evaluateChange(rs: RtRuleSet, psn_no: string, history: RawPersonData, incoming: RawPersonData,
  peers?: (code: string) => PeerSettlement[]): RtChange {
  const before = evaluatePerson(rs, psn_no, history, peers);
  const after = evaluatePerson(rs, psn_no, mergePersonData(history, incoming), peers);
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  return { added: after.filter((f) => !beforeKeys.has(findingKey(f))), withdrawn: before.filter((f) => !afterKeys.has(findingKey(f))) };
}
