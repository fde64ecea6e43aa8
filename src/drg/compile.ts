/**
 * Turns scheme data into flat tables: every code interned to an integer id once, every code list
 * a bitset row over those ids, every condition a node (op, argument) and every `when` a range of
 * node references. The evaluator (grouper.ts) then only does integer work per record.
 */
import type { Condition, ConditionKind, DrgSchemeData, When } from './scheme.js';

// Node opcodes.
export const OP_MAIN_DIAG = 0;
export const OP_ANY_DIAG = 1;
export const OP_MAIN_PROC = 2;
export const OP_ANY_PROC = 3;
export const OP_NOT = 4;
export const OP_SEX_EQ = 5;
export const OP_AGE_YEARS_EQ = 6;
export const OP_AGE_DAYS_LTE = 7;
export const OP_WEIGHT_GT = 8;
export const OP_WEIGHT_GTE = 9;
export const OP_WEIGHT_LT = 10;
export const OP_PROC_GROUPS = 11;
export const OP_DIAG_REGIONS = 12;
export const OP_ALWAYS = 13;
export const OP_HAS_MCC = 14;
export const OP_HAS_MCC_OR_CC = 15;

const OPS: Record<ConditionKind, number> = {
  mainDiagIn: OP_MAIN_DIAG,
  anyDiagIn: OP_ANY_DIAG,
  mainProcIn: OP_MAIN_PROC,
  anyProcIn: OP_ANY_PROC,
  not: OP_NOT,
  sexEq: OP_SEX_EQ,
  ageYearsEq: OP_AGE_YEARS_EQ,
  ageDaysLte: OP_AGE_DAYS_LTE,
  weightGramsGt: OP_WEIGHT_GT,
  weightGramsGte: OP_WEIGHT_GTE,
  weightGramsLt: OP_WEIGHT_LT,
  procGroups: OP_PROC_GROUPS,
  diagRegionsAtLeast: OP_DIAG_REGIONS,
  always: OP_ALWAYS,
  hasMcc: OP_HAS_MCC,
  hasMccOrCc: OP_HAS_MCC_OR_CC,
};

/** procGroups: label index per procedure id, and the alternatives as label-index lists. */
export interface ProcGroupsTable {
  codes: string;
  groupOf: string;
  labelOf: Map<number, number>;
  labels: string[];
  anyOf: Int32Array[];
  /** Per label: the evaluation stamp it was last seen at (avoids clearing per record). */
  seen: Int32Array;
}

/** diagRegionsAtLeast: region index per diagnosis id. */
export interface RegionsTable {
  regions: string;
  regionOf: Map<number, number>;
  names: string[];
  min: number;
  seen: Int32Array;
}

export interface CompiledScheme {
  data: DrgSchemeData;
  /** Code → id; ids index the bitset rows and the MCC/CC tables. */
  codeId: Map<string, number>;
  nCodes: number;
  /** Words per bitset row. */
  words: number;
  listIndex: Map<string, number>;
  listNames: string[];
  /** Row `l` (words `l*words …`) is the membership bitset of list l. */
  bits: Uint32Array;
  // Condition nodes.
  op: Uint8Array;
  arg: Int32Array;
  num: Float64Array;
  str: (string | null)[];
  source: Condition[];
  /** Conjunction k is the nodes refs[conjStart[k] … conjStart[k+1]). */
  conjStart: Int32Array;
  refs: Int32Array;
  // Tree, in evaluation order; children are contiguous ranges.
  mdcCode: string[];
  mdcConj: Int32Array;
  mdcAdrgStart: Int32Array;
  adrgCode: string[];
  adrgConj: Int32Array;
  adrgDrgStart: Int32Array;
  adrgMdc: Int32Array;
  drgCode: string[];
  drgName: string[];
  drgConj: Int32Array;
  drgAdrg: Int32Array;
  // Complications: by code id, 1 + group index (0 = not an MCC / CC / excluding main diagnosis).
  mccGroup: Int32Array;
  ccGroup: Int32Array;
  exclGroup: Int32Array;
  groupNames: string[];
  procGroups: ProcGroupsTable[];
  regions: RegionsTable[];
}

export function conditionKind(c: Condition): ConditionKind {
  return Object.keys(c)[0] as ConditionKind;
}

export function whenList(w: When): Condition[] {
  return Array.isArray(w) ? w : [w];
}

export function compileScheme(data: DrgSchemeData): CompiledScheme {
  const { scheme, codeLists, mcc, cc, exclusionGroups, drgNames } = data;

  const codeId = new Map<string, number>();
  const intern = (code: string): number => {
    let id = codeId.get(code);
    if (id === undefined) { id = codeId.size; codeId.set(code, id); }
    return id;
  };
  // Only lists used as code lists get a bitset row; label lists and region maps are read per condition.
  const listIndex = new Map<string, number>();
  const listNames: string[] = [];
  const useList = (id: string): number => {
    let l = listIndex.get(id);
    if (l === undefined) { l = listNames.length; listIndex.set(id, l); listNames.push(id); }
    return l;
  };

  const op: number[] = [];
  const arg: number[] = [];
  const num: number[] = [];
  const str: (string | null)[] = [];
  const source: Condition[] = [];
  const procGroups: ProcGroupsTable[] = [];
  const regions: RegionsTable[] = [];
  const node = (c: Condition): number => {
    const kind = conditionKind(c);
    let a = -1;
    let n = 0;
    let s: string | null = null;
    switch (kind) {
      case 'mainDiagIn': case 'anyDiagIn': case 'mainProcIn': case 'anyProcIn':
        a = useList((c as Record<string, string>)[kind]);
        break;
      case 'not':
        a = node((c as { not: Condition }).not);
        break;
      case 'sexEq':
        s = (c as { sexEq: string }).sexEq;
        break;
      case 'ageYearsEq': case 'ageDaysLte': case 'weightGramsGt': case 'weightGramsGte': case 'weightGramsLt':
        n = (c as Record<string, number>)[kind];
        break;
      case 'procGroups': {
        const g = (c as { procGroups: { codes: string; groupOf: string; anyOf: string[][] } }).procGroups;
        const codes = codeLists[g.codes] as string[];
        const labelsOf = codeLists[g.groupOf] as string[];
        const labels: string[] = [];
        const labelIdx = (l: string): number => { let k = labels.indexOf(l); if (k < 0) { k = labels.length; labels.push(l); } return k; };
        const labelOf = new Map<number, number>();
        codes.forEach((code, k) => labelOf.set(intern(code), labelIdx(labelsOf[k])));
        a = procGroups.length;
        procGroups.push({
          codes: g.codes, groupOf: g.groupOf, labelOf, labels,
          anyOf: g.anyOf.map((alt) => Int32Array.from(alt, labelIdx)),
          seen: new Int32Array(labels.length),
        });
        break;
      }
      case 'diagRegionsAtLeast': {
        const r = (c as { diagRegionsAtLeast: { regions: string; min: number } }).diagRegionsAtLeast;
        const map = codeLists[r.regions] as Record<string, string>;
        const names: string[] = [];
        const regionOf = new Map<number, number>();
        for (const [code, region] of Object.entries(map)) {
          let k = names.indexOf(region);
          if (k < 0) { k = names.length; names.push(region); }
          regionOf.set(intern(code), k);
        }
        a = regions.length;
        regions.push({ regions: r.regions, regionOf, names, min: r.min, seen: new Int32Array(names.length) });
        break;
      }
      default:
        break; // always / hasMcc / hasMccOrCc take no argument
    }
    const i = op.length;
    op.push(OPS[kind]); arg.push(a); num.push(n); str.push(s); source.push(c);
    return i;
  };

  const conjStart: number[] = [0];
  const refs: number[] = [];
  const conj = (w: When): number => {
    for (const c of whenList(w)) refs.push(node(c));
    conjStart.push(refs.length);
    return conjStart.length - 2;
  };

  const mdcCode: string[] = [], mdcConj: number[] = [], mdcAdrgStart: number[] = [0];
  const adrgCode: string[] = [], adrgConj: number[] = [], adrgDrgStart: number[] = [0], adrgMdc: number[] = [];
  const drgCode: string[] = [], drgName: string[] = [], drgConj: number[] = [], drgAdrg: number[] = [];
  for (const m of scheme.mdcs) {
    mdcCode.push(m.code);
    mdcConj.push(conj(m.when));
    for (const a of m.adrgs) {
      adrgCode.push(a.code);
      adrgConj.push(conj(a.when));
      adrgMdc.push(mdcCode.length - 1);
      for (const g of a.drgs) {
        drgCode.push(g.code);
        drgName.push(drgNames[g.code] ?? g.name);
        drgConj.push(conj(g.when));
        drgAdrg.push(adrgCode.length - 1);
      }
      adrgDrgStart.push(drgCode.length);
    }
    mdcAdrgStart.push(adrgCode.length);
  }

  // Intern list codes, then the complication tables, so every id is known before sizing arrays.
  for (const id of listNames) for (const code of codeLists[id] as string[]) intern(code);
  for (const t of [mcc, cc, exclusionGroups]) for (const code of Object.keys(t)) intern(code);

  const nCodes = codeId.size;
  const words = Math.max(1, (nCodes + 31) >>> 5);
  const bits = new Uint32Array(listNames.length * words);
  listNames.forEach((id, l) => {
    const base = l * words;
    for (const code of codeLists[id] as string[]) {
      const c = codeId.get(code)!;
      bits[base + (c >>> 5)] |= 1 << (c & 31);
    }
  });

  const groupIndex = new Map<string, number>();
  const groupNames: string[] = [];
  const table = (t: Record<string, string>): Int32Array => {
    const out = new Int32Array(nCodes);
    for (const [code, g] of Object.entries(t)) {
      let k = groupIndex.get(g);
      if (k === undefined) { k = groupNames.length + 1; groupIndex.set(g, k); groupNames.push(g); }
      out[codeId.get(code)!] = k;
    }
    return out;
  };

  return {
    data, codeId, nCodes, words, listIndex, listNames, bits,
    op: Uint8Array.from(op), arg: Int32Array.from(arg), num: Float64Array.from(num), str, source,
    conjStart: Int32Array.from(conjStart), refs: Int32Array.from(refs),
    mdcCode, mdcConj: Int32Array.from(mdcConj), mdcAdrgStart: Int32Array.from(mdcAdrgStart),
    adrgCode, adrgConj: Int32Array.from(adrgConj), adrgDrgStart: Int32Array.from(adrgDrgStart), adrgMdc: Int32Array.from(adrgMdc),
    drgCode, drgName, drgConj: Int32Array.from(drgConj), drgAdrg: Int32Array.from(drgAdrg),
    mccGroup: table(mcc), ccGroup: table(cc), exclGroup: table(exclusionGroups), groupNames,
    procGroups, regions,
  };
}

/** Whether code id `id` is in list row `l`. */
export function inList(c: CompiledScheme, l: number, id: number): boolean {
  return id >= 0 && ((c.bits[l * c.words + (id >>> 5)] >>> (id & 31)) & 1) === 1;
}
