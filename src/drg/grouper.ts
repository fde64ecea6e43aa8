/**
 * CHS-DRG style grouper compiled from scheme data (no code of the scheme is written here).
 *
 * The input check comes first (input.ts). Missing numbers (null) satisfy no comparison
 * condition (`not` of one holds). Codes are matched exactly; codes absent from the scheme match
 * no list and are no MCC/CC.
 */
import {
  compileScheme, OP_AGE_DAYS_LTE, OP_AGE_YEARS_EQ, OP_ALWAYS, OP_ANY_DIAG, OP_ANY_PROC, OP_DIAG_REGIONS,
  OP_HAS_MCC, OP_HAS_MCC_OR_CC, OP_MAIN_DIAG, OP_MAIN_PROC, OP_NOT, OP_PROC_GROUPS, OP_SEX_EQ,
  OP_WEIGHT_GT, OP_WEIGHT_GTE, OP_WEIGHT_LT,
} from './compile.js';
import { explainRecord } from './explain.js';
import { inputCheck, UNGROUPED_DRG } from './input.js';
import { parseDrgScheme, type DrgSchemeData, type DrgSchemeJson } from './scheme.js';
import type { DrgGrouper, DrgRecord, DrgRejectReason, DrgResult } from './types.js';

export { inputCheck, inputCheckFailures, UNGROUPED_DRG } from './input.js';

export type { DrgExplanation, DrgGrouper, DrgRecord, DrgRejectReason, DrgResult } from './types.js';

const REJECTED: Record<DrgRejectReason, DrgResult> = {
  missing_sex: Object.freeze({ status: 'rejected', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: 'missing_sex' }),
  missing_diagnoses: Object.freeze({ status: 'rejected', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: 'missing_diagnoses' }),
  newborn_without_weight: Object.freeze({ status: 'rejected', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: 'newborn_without_weight' }),
};
export const UNGROUPED: DrgResult = Object.freeze({ status: 'ungrouped', drg: UNGROUPED_DRG, adrg: null, mdc: null, reject_reason: null });

const num = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

export function compileGrouper(data: DrgSchemeData): DrgGrouper {
  const c = compileScheme(data);
  const { codeId, bits, words, op, arg, num: numArg, str, conjStart, refs, mdcConj, mdcAdrgStart, adrgConj, adrgDrgStart, drgConj,
    mccGroup, ccGroup, exclGroup, procGroups, regions } = c;
  const nMdc = c.mdcCode.length;
  const results: DrgResult[] = c.drgCode.map((drg, g) => {
    const a = c.drgAdrg[g];
    return Object.freeze({ status: 'grouped', drg, adrg: c.adrgCode[a], mdc: c.mdcCode[c.adrgMdc[a]], reject_reason: null });
  });

  // Per-record state, reused: group() is synchronous, so one set suffices.
  let dx = new Int32Array(64);
  let px = new Int32Array(64);
  let nd = 0, np = 0;
  let sex = '';
  let ageYears = NaN, ageDays = NaN, weight = NaN;
  let mccState = -1; // -1 unknown, else bit 0: has MCC, bit 1: has MCC or CC
  let stamp = 0;

  const bit = (l: number, id: number): boolean => id >= 0 && ((bits[l * words + (id >>> 5)] >>> (id & 31)) & 1) === 1;

  const complications = (): number => {
    if (mccState >= 0) return mccState;
    let s = 0;
    if (nd > 1) {
      const main = dx[0];
      const ex = main >= 0 ? exclGroup[main] : 0;
      for (let i = 1; i < nd && s !== 3; i++) {
        const id = dx[i];
        if (id < 0) continue;
        const m = mccGroup[id];
        if (m !== 0 && m !== ex) { s = 3; break; }
        const k = ccGroup[id];
        if (k !== 0 && k !== ex) s = 2;
      }
    }
    return (mccState = s);
  };

  const nextStamp = (): number => {
    if (++stamp === 0x7fffffff) {
      stamp = 1;
      for (const t of procGroups) t.seen.fill(0);
      for (const t of regions) t.seen.fill(0);
    }
    return stamp;
  };

  const procGroupsHold = (k: number): boolean => {
    const t = procGroups[k];
    const s = nextStamp();
    const seen = t.seen;
    for (let i = 0; i < np; i++) {
      const id = px[i];
      if (id < 0) continue;
      const label = t.labelOf.get(id);
      if (label !== undefined) seen[label] = s;
    }
    outer: for (const alt of t.anyOf) {
      for (let j = 0; j < alt.length; j++) if (seen[alt[j]] !== s) continue outer;
      return true;
    }
    return false;
  };

  const regionsHold = (k: number): boolean => {
    const t = regions[k];
    const s = nextStamp();
    const seen = t.seen;
    let n = 0;
    for (let i = 0; i < nd; i++) {
      const id = dx[i];
      if (id < 0) continue;
      const r = t.regionOf.get(id);
      if (r !== undefined && seen[r] !== s) { seen[r] = s; if (++n >= t.min) return true; }
    }
    return false;
  };

  const holds = (n: number): boolean => {
    switch (op[n]) {
      case OP_MAIN_DIAG: return bit(arg[n], dx[0]);
      case OP_ANY_DIAG: {
        const l = arg[n];
        for (let i = 0; i < nd; i++) if (bit(l, dx[i])) return true;
        return false;
      }
      case OP_MAIN_PROC: return np > 0 && bit(arg[n], px[0]);
      case OP_ANY_PROC: {
        const l = arg[n];
        for (let i = 0; i < np; i++) if (bit(l, px[i])) return true;
        return false;
      }
      case OP_NOT: return !holds(arg[n]);
      case OP_SEX_EQ: return sex === str[n];
      case OP_AGE_YEARS_EQ: return ageYears === numArg[n];
      case OP_AGE_DAYS_LTE: return ageDays <= numArg[n];
      case OP_WEIGHT_GT: return weight > numArg[n];
      case OP_WEIGHT_GTE: return weight >= numArg[n];
      case OP_WEIGHT_LT: return weight < numArg[n];
      case OP_PROC_GROUPS: return procGroupsHold(arg[n]);
      case OP_DIAG_REGIONS: return regionsHold(arg[n]);
      case OP_ALWAYS: return true;
      case OP_HAS_MCC: return (complications() & 1) !== 0;
      case OP_HAS_MCC_OR_CC: return (complications() & 2) !== 0;
      default: throw new Error(`unknown opcode ${op[n]}`);
    }
  };

  const all = (k: number): boolean => {
    for (let i = conjStart[k], e = conjStart[k + 1]; i < e; i++) if (!holds(refs[i])) return false;
    return true;
  };

  const group = (r: DrgRecord): DrgResult => {
    const reason = inputCheck(r);
    if (reason !== null) return REJECTED[reason];
    const ds = r.diagnoses, ps = r.procedures ?? [];
    nd = ds.length; np = ps.length;
    if (nd > dx.length) dx = new Int32Array(nd * 2);
    if (np > px.length) px = new Int32Array(np * 2);
    for (let i = 0; i < nd; i++) dx[i] = codeId.get(ds[i]) ?? -1;
    for (let i = 0; i < np; i++) px[i] = codeId.get(ps[i]) ?? -1;
    sex = r.sex as string;
    ageYears = num(r.age_years); ageDays = num(r.age_days); weight = num(r.birth_weight_g);
    mccState = -1;
    for (let m = 0; m < nMdc; m++) {
      if (!all(mdcConj[m])) continue;
      for (let a = mdcAdrgStart[m], ae = mdcAdrgStart[m + 1]; a < ae; a++) {
        if (!all(adrgConj[a])) continue;
        for (let g = adrgDrgStart[a], ge = adrgDrgStart[a + 1]; g < ge; g++) if (all(drgConj[g])) return results[g];
        return UNGROUPED; // unreachable: the loader requires a final `always` DRG
      }
    }
    return UNGROUPED;
  };

  return {
    version: data.version,
    group,
    explain: (r: DrgRecord) => explainRecord(c, r),
  };
}

/** Validates the six files' already-parsed JSON (e.g. kept in a database) and compiles them. */
export function buildDrgGrouper(json: DrgSchemeJson): DrgGrouper {
  return compileGrouper(parseDrgScheme(json));
}
