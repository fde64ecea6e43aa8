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

const parsedParams = new WeakMap<RuleConfig, unknown>();

/** A configuration's parameters, parsed once (schemas apply defaults; parsing per request costs). */
function paramsOf(kind: AnyRuleKind, cfg: RuleConfig): unknown {
  if (!parsedParams.has(cfg)) parsedParams.set(cfg, kind.meta.params.parse(cfg.params));
  return parsedParams.get(cfg);
}

/** Every finding of the enabled real-time rules (or of the rules in `only`) over this person's data. */
export function evaluatePerson(rs: RtRuleSet, psn_no: string, raw: RawPersonData,
  peers: (code: string) => PeerSettlement[] = () => [], only?: ReadonlySet<string>): RtFinding[] {
  const base = deriveBase(raw);
  const data: RtData = { psn_no, raw, ...base, kn: rs.kn, peers };
  const out: RtFinding[] = [];
  for (const cfg of rs.configs) {
    if (!cfg.enabled || (only && !only.has(cfg.rule_id))) continue;
    const kind = rs.kinds.get(cfg.kind);
    if (!kind?.realtime) continue;
    for (const row of kind.realtime(paramsOf(kind, cfg), data)) {
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

/**
 * Rule kinds where a new claim can make an earlier finding go away without touching that claim
 * (a first prescription that qualifies makes earlier ones at lower levels legitimate; a new case
 * raises the peer percentile an earlier case was measured against; a later stay turns out to contain an
 * outpatient visit, or a calm visit raises the baseline median).
 */
const NON_MONOTONE = new Set(['institution_level_restriction', 'high_value_consumables', 'cost_shifting']);

/** The keys the incoming rows carry, and whether any replaces, refunds or returns something in the history. */
function incomingKeys(history: RawPersonData, incoming: RawPersonData) {
  const visits = new Set(incoming.mdtrt_d.map((r) => String(r.mdtrt_id)));
  const setls = new Set(incoming.setl_d.map((r) => String(r.setl_id)));
  const lines = new Set(incoming.fee_list_d.map((r) => String(r.bkkp_sn)));
  const known = (rows: { [k: string]: unknown }[], key: string, set: Set<string>) => rows.some((r) => set.has(String(r[key])));
  const changesHistory = known(history.mdtrt_d, 'mdtrt_id', visits) || known(history.setl_d, 'setl_id', setls)
    || known(history.fee_list_d, 'bkkp_sn', lines)
    || incoming.setl_d.some((r) => r.refd_setl_flag === '1' || r.vali_flag === '0')
    || incoming.fee_list_d.some((r) => (r.init_feedetl_sn !== null && r.init_feedetl_sn !== undefined) || r.vali_flag === '0')
    || incoming.mdtrt_d.some((r) => r.vali_flag === '0');
  const touches = (f: RtFinding) => (f.mdtrt_id !== null && visits.has(f.mdtrt_id)) || (f.setl_id !== null && setls.has(f.setl_id))
    || f.bkkp_sn.some((b) => lines.has(b));
  return { touches, changesHistory };
}

/**
 * What adding `incoming` to a person's `history` changes: findings(history + incoming) minus
 * findings(history), and the reverse. The history is evaluated only for the rules that need it:
 * a finding that names the incoming claim cannot have existed before, so for a rule whose every
 * new finding names it (and that cannot withdraw findings) the difference is known without it.
 * When the incoming rows replace, refund or return history rows, every rule is compared.
 */
export function evaluateChange(rs: RtRuleSet, psn_no: string, history: RawPersonData, incoming: RawPersonData,
  peers?: (code: string) => PeerSettlement[]): RtChange {
  const after = evaluatePerson(rs, psn_no, mergePersonData(history, incoming), peers);
  const { touches, changesHistory } = incomingKeys(history, incoming);
  const need = new Set(changesHistory ? rs.configs.map((c) => c.rule_id)
    : [...after.filter((f) => !touches(f)).map((f) => f.rule_id), ...rs.configs.filter((c) => NON_MONOTONE.has(c.kind)).map((c) => c.rule_id)]);
  const before = need.size ? evaluatePerson(rs, psn_no, history, peers, need) : [];
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  return { added: after.filter((f) => !beforeKeys.has(findingKey(f))), withdrawn: before.filter((f) => !afterKeys.has(findingKey(f))) };
}
