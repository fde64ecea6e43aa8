/**
 * The checks behind /precheck and /settlement-check: the request becomes extract rows, the
 * person's history comes from the history store, the real-time rules tell what the request adds,
 * and the region's policy turns severities into a decision (pass, warn, block).
 */
import { randomUUID } from 'node:crypto';
import { findingKey, amountText, evaluateChange, type RtFinding, type RtRuleSet } from '../../rules/realtime/evaluate.js';
import type { Severity } from '../../rules/types.js';
import { indexBy } from '../../rules/realtime/helpers.js';
import type { HistoryStore } from './history.js';
import type { Finding } from '../findings.js';
import { lineKey, requestRows, type PrecheckRequest, type SettlementCheckRequest } from './request.js';

export type Decision = 'pass' | 'warn' | 'block';

/** Which severities block, per region (admdvs prefix, longest match wins); the rest warn. */
export interface BlockPolicy {
  default: Severity[];
  regions?: Record<string, Severity[]>;
}

export const DEFAULT_BLOCK_POLICY: BlockPolicy = { default: ['violation'] };

/** A finding of the batch contract, numbered within its check, with what it means for this request. */
export interface CheckFinding extends Finding {
  finding_no: number;
  severity: Severity;
  /** Whether the finding concerns what this request sends (else an earlier claim it completes a pattern with). */
  current: boolean;
  decision: Decision;
}

export interface UnknownCode { field: string; code: string; reason: string }

export interface CheckResult {
  check_id: string;
  decision: Decision;
  findings: CheckFinding[];
  /** Per line of the request (settlement-check): its bkkp_sn and decision. */
  lines: { bkkp_sn: string; decision: Decision }[];
  /** Earlier findings this request withdraws (e.g. a settlement now refunded). */
  withdrawn: CheckFinding[];
  unknown_codes: UnknownCode[];
  rules_evaluated: number;
}

export interface CheckDeps {
  history: HistoryStore;
  ruleset: () => RtRuleSet;
  policy: () => BlockPolicy;
}

const rank: Record<Decision, number> = { pass: 0, warn: 1, block: 2 };
const worst = (ds: Decision[]): Decision => ds.reduce<Decision>((a, d) => (rank[d] > rank[a] ? d : a), 'pass');

function regionOf(rs: RtRuleSet, fixmedins_code: string): string | null {
  const rows = indexBy(rs.kn.fixmedins_info, 'fixmedins_code').get(fixmedins_code) ?? [];
  return rows.length ? (rows[rows.length - 1].admdvs as string | null) : null;
}

export function blockingSeverities(policy: BlockPolicy, admdvs: string | null): Severity[] {
  let best: { len: number; sev: Severity[] } = { len: -1, sev: policy.default };
  for (const [prefix, sev] of Object.entries(policy.regions ?? {})) {
    if (admdvs?.startsWith(prefix) && prefix.length > best.len) best = { len: prefix.length, sev };
  }
  return best.sev;
}

/** Codes in the request the region's dictionaries do not know (reported, never fatal). */
function unknownCodes(rs: RtRuleSet, req: PrecheckRequest): UnknownCode[] {
  const out: UnknownCode[] = [];
  if (rs.kn.icd_diagnosis.length) {
    const icd = indexBy(rs.kn.icd_diagnosis, 'diag_code');
    req.diagnoses.forEach((d, i) => { if (!icd.has(d.diag_code)) out.push({ field: `diagnoses[${i}].diag_code`, code: d.diag_code, reason: 'icd10' }); });
  }
  if (rs.kn.icd_procedure.length) {
    const icd = indexBy(rs.kn.icd_procedure, 'oprn_oprt_code');
    req.operations.forEach((o, i) => { if (!icd.has(o.oprn_oprt_code)) out.push({ field: `operations[${i}].oprn_oprt_code`, code: o.oprn_oprt_code, reason: 'icd9' }); });
  }
  if (rs.kn.fixmedins_info.length && !indexBy(rs.kn.fixmedins_info, 'fixmedins_code').has(req.fixmedins_code)) {
    out.push({ field: 'fixmedins_code', code: req.fixmedins_code, reason: 'institution' });
  }
  const drs = indexBy(rs.kn.dr_info, 'dr_code');
  req.lines.forEach((l, i) => {
    // National codes: drugs X/Z + 22 characters, items 15 digits, consumables C + 26 characters.
    if (!/^[XZ][0-9A-Z]{22}$|^\d{15}$|^C[0-9A-Z]{26}$/i.test(l.hilist_code)) {
      out.push({ field: `lines[${i}].hilist_code`, code: l.hilist_code, reason: 'format' });
    }
    if (l.bilg_dr_code && rs.kn.dr_info.length && !drs.has(l.bilg_dr_code)) {
      out.push({ field: `lines[${i}].bilg_dr_code`, code: l.bilg_dr_code, reason: 'doctor' });
    }
  });
  return out;
}

function describe(rs: RtRuleSet, f: RtFinding, n: number, current: boolean, blocking: Severity[]): CheckFinding {
  const names = indexBy(rs.kn.fixmedins_info, 'fixmedins_code').get(f.fixmedins_code) ?? [];
  return {
    finding_no: n, rule_id: f.rule_id, rule_version: f.rule_version, severity: f.severity, fixmedins_code: f.fixmedins_code,
    fixmedins_name: names.length ? (names[names.length - 1].fixmedins_name as string | null) : null, psn_no: f.psn_no,
    mdtrt_id: f.mdtrt_id, setl_id: f.setl_id, bkkp_sn: f.bkkp_sn, amount: amountText(f.amount), occurred_at: f.occurred_at,
    message: f.message, evidence: f.evidence, knowledge_ref: f.knowledge_ref, basis: f.basis, current,
    decision: !current ? 'pass' : blocking.includes(f.severity) ? 'block' : 'warn',
  };
}

function sortFindings(fs: RtFinding[]): RtFinding[] {
  return fs.sort((a, b) => findingKey(a).localeCompare(findingKey(b)));
}

function check(deps: CheckDeps, req: PrecheckRequest | SettlementCheckRequest, setl: Parameters<typeof requestRows>[1]): CheckResult {
  const rs = deps.ruleset();
  const incoming = requestRows(req, setl);
  const history = deps.history.get(req.psn_no);
  const change = evaluateChange(rs, req.psn_no, history, incoming);
  const keys = new Set(incoming.fee_list_d.map((f) => String(f.bkkp_sn)));
  const blocking = blockingSeverities(deps.policy(), regionOf(rs, req.fixmedins_code));
  const touches = (f: RtFinding) => f.mdtrt_id === req.mdtrt_id || f.bkkp_sn.some((b) => keys.has(b));
  const findings = sortFindings(change.added).map((f, i) => describe(rs, f, i + 1, touches(f), blocking));
  const lines = req.lines.map((l, i) => {
    const sn = lineKey(req.mdtrt_id, l, i);
    // A line answers for findings naming it and for findings about its whole visit.
    return { bkkp_sn: sn, decision: worst(findings.filter((f) => f.current && (f.bkkp_sn.includes(sn) || f.bkkp_sn.length === 0))
      .map((f) => f.decision)) };
  });
  return {
    check_id: randomUUID(), decision: worst(findings.map((f) => f.decision)), findings, lines,
    withdrawn: sortFindings(change.withdrawn).map((f, i) => describe(rs, f, i + 1, false, blocking)),
    unknown_codes: unknownCodes(rs, req), rules_evaluated: rs.configs.filter((c) => c.enabled && rs.kinds.get(c.kind)?.realtime).length,
  };
}

/** 事前提醒: new lines of an order, on a provisional settlement of the visit (nothing is kept). */
export function precheck(deps: CheckDeps, req: PrecheckRequest): CheckResult {
  const last = req.lines.map((l) => l.fee_ocur_time).sort().at(-1)!;
  return check(deps, req, { setl_id: `precheck:${req.mdtrt_id}`, setl_time: last });
}

/** 事中审核: a whole settlement. Unless blocked, it joins the person's history for the next checks. */
export async function settlementCheck(deps: CheckDeps, req: SettlementCheckRequest): Promise<CheckResult> {
  const setl = { setl_id: req.setl_id, setl_time: req.setl_time, fund_pay_sumamt: req.fund_pay_sumamt, given: req };
  const result = check(deps, req, setl);
  if (result.decision !== 'block') await deps.history.appendChecked(req.psn_no, requestRows(req, setl));
  return result;
}
