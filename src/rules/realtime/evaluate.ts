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
import { deriveBase, mergePersonData, type PeerSettlement, type RawPersonData, type Row, type RtData, type RtFindingRow,
  type RtKnowledge } from './data.js';
import { affectedVisits, cutToKeys, cutToVisits, historyHas, keysOf, scopeOf } from './scope.js';

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

/** An enabled configuration with its kind's evaluator. */
interface RtRule { cfg: RuleConfig; kind: AnyRuleKind; params: unknown }

function rulesOf(rs: RtRuleSet, only?: ReadonlySet<string>): RtRule[] {
  const out: RtRule[] = [];
  for (const cfg of rs.configs) {
    if (!cfg.enabled || (only && !only.has(cfg.rule_id))) continue;
    const kind = rs.kinds.get(cfg.kind);
    if (kind?.realtime) out.push({ cfg, kind, params: paramsOf(kind, cfg) });
  }
  return out;
}

function runRule(r: RtRule, data: RtData, out: RtFinding[]): void {
  for (const row of r.kind.realtime!(r.params, data)) {
    // Object.assign: {...row, …} is the same object, but V8 builds such a spread literal several times slower.
    out.push(Object.assign({}, row, { rule_id: r.cfg.rule_id, rule_version: r.cfg.version, severity: r.cfg.severity,
      message: msg(`rule.${r.kind.meta.id}.message`, row.facts), basis: r.kind.meta.basis }));
  }
}

function dataOf(rs: RtRuleSet, psn_no: string, raw: RawPersonData, peers: (code: string) => PeerSettlement[]): RtData {
  return { psn_no, raw, ...deriveBase(raw), kn: rs.kn, peers };
}

const noPeers = (): PeerSettlement[] => [];

/** Every finding of the enabled real-time rules (or of the rules in `only`) over this person's data. */
export function evaluatePerson(rs: RtRuleSet, psn_no: string, raw: RawPersonData,
  peers: (code: string) => PeerSettlement[] = noPeers, only?: ReadonlySet<string>): RtFinding[] {
  const data = dataOf(rs, psn_no, raw, peers);
  const out: RtFinding[] = [];
  for (const r of rulesOf(rs, only)) runRule(r, data, out);
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

/** after minus before and the reverse, by finding identity. */
function difference(after: RtFinding[], before: RtFinding[]): RtChange {
  if (before.length === 0) return { added: after, withdrawn: [] };
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  return { added: after.filter((f) => !beforeKeys.has(findingKey(f))), withdrawn: before.filter((f) => !afterKeys.has(findingKey(f))) };
}

/**
 * What adding `incoming` to a person's `history` changes: findings(history + incoming) minus
 * findings(history), and the reverse. The history is evaluated only for the rules that need it:
 * a finding that names the incoming claim cannot have existed before, so for a rule whose every
 * new finding names it (and that cannot withdraw findings) the difference is known without it.
 * Rules whose findings depend on one visit or one item at a time (scope.ts) are evaluated only over
 * the visits or items the incoming rows change. When the incoming rows replace, refund or return
 * history rows, every other rule is compared over all the data.
 */
export function evaluateChange(rs: RtRuleSet, psn_no: string, history: RawPersonData, incoming: RawPersonData,
  peers: (code: string) => PeerSettlement[] = noPeers): RtChange {
  const { touches, changesHistory } = incomingKeys(history, incoming);
  const rules = rulesOf(rs);
  // The scoped rules need only the affected visits (psn_info would change every visit).
  const visits = incoming.psn_info ? null : affectedVisits(history, incoming);
  const inHistory = visits !== null && historyHas(history, visits);
  let beforeData: RtData | undefined;
  const before = () => (beforeData ??= dataOf(rs, psn_no, history, peers));
  const merged = mergePersonData(history, incoming);
  // When the incoming rows change and touch no visit of the history, the history derives as it did alone:
  // only they are derived.
  const afterData: RtData = visits && !inHistory && !changesHistory
    ? { psn_no, raw: merged, ...deriveBase(merged, undefined, { base: before(), setl_d: history.setl_d.length,
      mdtrt_d: history.mdtrt_d.length, fee_list_d: history.fee_list_d.length }), kn: rs.kn, peers }
    : dataOf(rs, psn_no, merged, peers);
  const after: RtFinding[] = [];
  const prior: RtFinding[] = [];
  const whole: RtRule[] = [];
  // One cut for all visit rules (they read, never change, the rows).
  let afterCut: RtData | undefined;
  let beforeCut: RtData | undefined;
  for (const r of rules) {
    const scope = visits && scopeOf(r.kind.meta.id);
    if (!scope || (scope.kind === 'visit' && scope.local
      && !(scope.local(afterData, visits!) && (!inHistory || scope.local(before(), visits!))))) whole.push(r);
    else if (scope.kind === 'visit') {
      runRule(r, (afterCut ??= cutToVisits(afterData, visits!)), after);
      if (inHistory) runRule(r, (beforeCut ??= cutToVisits(before(), visits!)), prior);
    } else {
      const key = (f: Row) => scope.key(r.params, f);
      const keys = keysOf(afterData, visits!, key, inHistory ? keysOf(before(), visits!, key) : undefined);
      if (keys.size === 0) continue;
      runRule(r, cutToKeys(afterData, keys, key), after);
      // The history's lines of these keys: cheaper to cut than to scan the raw rows for them first.
      runRule(r, cutToKeys(before(), keys, key), prior);
    }
  }
  const wholeAfter: RtFinding[] = [];
  for (const r of whole) runRule(r, afterData, wholeAfter);
  const need = new Set(changesHistory ? whole.map((r) => r.cfg.rule_id)
    : [...wholeAfter.filter((f) => !touches(f)).map((f) => f.rule_id), ...whole.filter((r) => NON_MONOTONE.has(r.cfg.kind)).map((r) => r.cfg.rule_id)]);
  for (const r of whole) if (need.has(r.cfg.rule_id)) runRule(r, before(), prior);
  return difference([...after, ...wholeAfter], prior);
}
