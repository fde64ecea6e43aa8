/**
 * The slow, talkative twin of group(): walks the same compiled scheme but evaluates every
 * condition of each `when` tried (no short-cut) and records which record code matched which list.
 * Holds-or-not is computed here on its own, so tests comparing it with group() mean something.
 */
import {
  type CompiledScheme, conditionKind, inList, OP_AGE_DAYS_LTE, OP_AGE_YEARS_EQ, OP_ALWAYS, OP_ANY_DIAG,
  OP_ANY_PROC, OP_DIAG_REGIONS, OP_HAS_MCC, OP_HAS_MCC_OR_CC, OP_MAIN_DIAG, OP_MAIN_PROC, OP_NOT,
  OP_PROC_GROUPS, OP_SEX_EQ, OP_WEIGHT_GT, OP_WEIGHT_GTE, OP_WEIGHT_LT,
} from './compile.js';
import { inputCheckFailures, UNGROUPED_DRG } from './input.js';
import { drgText } from './scheme.js';
import type {
  DrgAdrgTrace, DrgComplication, DrgConditionTrace, DrgDrgTrace, DrgExplanation, DrgListMatch, DrgMdcTrace,
  DrgRecord, DrgResult, DrgText,
} from './types.js';

const text = (key: string, params: Record<string, unknown> = {}): DrgText => ({ zh: drgText(key, params, 'zh'), en: drgText(key, params, 'en') });

function complicationsOf(c: CompiledScheme, diagnoses: readonly string[]): DrgExplanation['complications'] {
  const { mcc, cc, exclusionGroups } = c.data;
  const main = diagnoses[0];
  const mainGroup = main !== undefined && Object.hasOwn(exclusionGroups, main) ? exclusionGroups[main] : null;
  const counted: DrgComplication[] = [];
  const excluded: DrgComplication[] = [];
  for (let i = 1; i < diagnoses.length; i++) {
    const code = diagnoses[i];
    for (const [level, t] of [['MCC', mcc], ['CC', cc]] as const) {
      if (!Object.hasOwn(t, code)) continue;
      const entry: DrgComplication = { code, position: i, level, exclusion_group: t[code] };
      (mainGroup !== null && t[code] === mainGroup ? excluded : counted).push(entry);
    }
  }
  return {
    main_exclusion_group: mainGroup,
    counted,
    excluded,
    has_mcc: counted.some((e) => e.level === 'MCC'),
    has_mcc_or_cc: counted.length > 0,
  };
}

export function explainRecord(c: CompiledScheme, r: DrgRecord): DrgExplanation {
  const failures = inputCheckFailures(r);
  const diagnoses = r.diagnoses ?? [];
  const procedures = r.procedures ?? [];
  const complications = complicationsOf(c, diagnoses);
  if (failures.length > 0) {
    const reason = failures[0];
    return {
      result: { status: 'rejected', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: reason },
      drg_name: null,
      message: text(`drg.reject.${reason}`),
      input_check: { passed: false, reject_reason: reason, failures },
      mdcs: [], adrg: null, drg: null, complications,
    };
  }

  const dx = diagnoses.map((d) => c.codeId.get(d) ?? -1);
  const px = procedures.map((p) => c.codeId.get(p) ?? -1);
  const numeric = (v: number | null): number => (v === null ? NaN : v);
  const ageYears = numeric(r.age_years), ageDays = numeric(r.age_days), weight = numeric(r.birth_weight_g);

  const listMatches = (l: number, ids: number[], codes: readonly string[], onlyFirst: boolean): DrgListMatch[] => {
    const out: DrgListMatch[] = [];
    const n = onlyFirst ? Math.min(1, ids.length) : ids.length;
    for (let i = 0; i < n; i++) if (inList(c, l, ids[i])) out.push({ list: c.listNames[l], code: codes[i], position: i });
    return out;
  };

  const trace = (n: number): DrgConditionTrace => {
    const condition = c.source[n];
    const kind = conditionKind(condition);
    const a = c.arg[n], v = c.num[n];
    let holds = false;
    let matches: DrgListMatch[] = [];
    let inner: DrgConditionTrace | undefined;
    let params: Record<string, unknown> = {};
    switch (c.op[n]) {
      case OP_MAIN_DIAG: matches = listMatches(a, dx, diagnoses, true); holds = matches.length > 0; params = { list: c.listNames[a] }; break;
      case OP_ANY_DIAG: matches = listMatches(a, dx, diagnoses, false); holds = matches.length > 0; params = { list: c.listNames[a] }; break;
      case OP_MAIN_PROC: matches = listMatches(a, px, procedures, true); holds = matches.length > 0; params = { list: c.listNames[a] }; break;
      case OP_ANY_PROC: matches = listMatches(a, px, procedures, false); holds = matches.length > 0; params = { list: c.listNames[a] }; break;
      case OP_NOT:
        inner = trace(a);
        holds = !inner.holds;
        break;
      case OP_SEX_EQ: holds = r.sex === c.str[n]; params = { value: c.str[n] }; break;
      case OP_AGE_YEARS_EQ: holds = ageYears === v; params = { value: v }; break;
      case OP_AGE_DAYS_LTE: holds = ageDays <= v; params = { value: v }; break;
      case OP_WEIGHT_GT: holds = weight > v; params = { value: v }; break;
      case OP_WEIGHT_GTE: holds = weight >= v; params = { value: v }; break;
      case OP_WEIGHT_LT: holds = weight < v; params = { value: v }; break;
      case OP_PROC_GROUPS: {
        const t = c.procGroups[a];
        const present = new Set<number>();
        px.forEach((id, i) => {
          const label = id >= 0 ? t.labelOf.get(id) : undefined;
          if (label === undefined) return;
          present.add(label);
          matches.push({ list: t.codes, code: procedures[i], position: i, label: t.labels[label] });
        });
        holds = t.anyOf.some((alt) => Array.from(alt).every((l) => present.has(l)));
        params = { list: t.codes, anyOf: t.anyOf.map((alt) => Array.from(alt, (l) => t.labels[l]).join('+')).join(' / ') };
        break;
      }
      case OP_DIAG_REGIONS: {
        const t = c.regions[a];
        const seen = new Set<number>();
        dx.forEach((id, i) => {
          const region = id >= 0 ? t.regionOf.get(id) : undefined;
          if (region === undefined) return;
          seen.add(region);
          matches.push({ list: t.regions, code: diagnoses[i], position: i, label: t.names[region] });
        });
        holds = seen.size >= t.min;
        params = { regions: t.regions, min: t.min };
        break;
      }
      case OP_ALWAYS: holds = true; break;
      case OP_HAS_MCC:
      case OP_HAS_MCC_OR_CC: {
        const onlyMcc = c.op[n] === OP_HAS_MCC;
        const counted = complications.counted.filter((e) => !onlyMcc || e.level === 'MCC');
        holds = counted.length > 0;
        matches = counted.map((e) => ({ list: e.level === 'MCC' ? 'mcc.json' : 'cc.json', code: e.code, position: e.position, label: e.exclusion_group }));
        break;
      }
      default: throw new Error(`unknown opcode ${c.op[n]}`);
    }
    const label = inner
      ? { zh: drgText('drg.cond.not', { inner: inner.text.zh }, 'zh'), en: drgText('drg.cond.not', { inner: inner.text.en }, 'en') }
      : text(`drg.cond.${kind}`, params);
    const out: DrgConditionTrace = { kind, condition, holds, text: label, matches };
    if (inner) out.inner = inner;
    return out;
  };

  const traceAll = (k: number): { holds: boolean; conditions: DrgConditionTrace[] } => {
    const conditions: DrgConditionTrace[] = [];
    for (let i = c.conjStart[k]; i < c.conjStart[k + 1]; i++) conditions.push(trace(c.refs[i]));
    return { holds: conditions.every((t) => t.holds), conditions };
  };

  const mdcs: DrgMdcTrace[] = [];
  let adrg: DrgAdrgTrace | null = null;
  let drg: DrgDrgTrace | null = null;
  let chosen = -1;
  for (let m = 0; m < c.mdcCode.length && adrg === null; m++) {
    const t = traceAll(c.mdcConj[m]);
    const mt: DrgMdcTrace = { code: c.mdcCode[m], entered: t.holds, conditions: t.conditions, adrgs: [] };
    mdcs.push(mt);
    if (!t.holds) continue;
    for (let a = c.mdcAdrgStart[m]; a < c.mdcAdrgStart[m + 1]; a++) {
      const at = traceAll(c.adrgConj[a]);
      const trace: DrgAdrgTrace = { code: c.adrgCode[a], holds: at.holds, conditions: at.conditions };
      mt.adrgs.push(trace);
      if (!at.holds) continue;
      trace.drgs = [];
      for (let g = c.adrgDrgStart[a]; g < c.adrgDrgStart[a + 1]; g++) {
        const gt = traceAll(c.drgConj[g]);
        const d: DrgDrgTrace = { code: c.drgCode[g], name: c.drgName[g], holds: gt.holds, conditions: gt.conditions };
        trace.drgs.push(d);
        if (gt.holds) { drg = d; chosen = g; break; }
      }
      adrg = trace;
      break;
    }
  }

  let result: DrgResult;
  let message: DrgText;
  if (chosen >= 0) {
    const a = c.drgAdrg[chosen];
    result = { status: 'grouped', drg: c.drgCode[chosen], adrg: c.adrgCode[a], mdc: c.mdcCode[c.adrgMdc[a]], reject_reason: null };
    message = text('drg.grouped', { drg: c.drgCode[chosen], name: c.drgName[chosen] });
  } else {
    result = { status: 'ungrouped', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: null };
    const entered = mdcs.filter((m) => m.entered).map((m) => m.code);
    message = entered.length ? text('drg.ungrouped.noAdrg', { mdcs: entered.join(', ') }) : text('drg.ungrouped.noMdc');
  }
  return {
    result,
    drg_name: chosen >= 0 ? c.drgName[chosen] : null,
    message,
    input_check: { passed: true, reject_reason: null, failures: [] },
    mdcs, adrg, drg, complications,
  };
}
