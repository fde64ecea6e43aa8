/**
 * DRG relative weights (RW), base points, CMI and the institution indicators, as pure functions of
 * grouped inpatient settlements. Method and definitions: docs/drg-settlement.md. Number
 * conventions: ./params.ts.
 */
import {
  Dec, fixed, fraction, parseDrgParams, parseScaled, scaledToString,
  type DrgParams, type DrgParamsInput,
} from './params.js';

/** One inpatient settlement, already grouped. */
export interface DrgCase {
  setl_id: string;
  fixmedins_code: string;
  dept_code: string | null;
  dr_code: string | null;
  /** '0000' when not grouped. */
  drg: string;
  adrg: string | null;
  grouped: boolean;
  /** medfee_sumamt, fen. */
  total_fen: bigint | number;
  /** hifp_pay: what the fund paid by item, fen. */
  fund_paid_fen: bigint | number;
  /** 住院天数. */
  los_days: number;
  psn_no: string;
  /** 'YYYY-MM'. */
  month: string;
}

export class DrgInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrgInputError';
  }
}

/**
 * A validated case; `drg` is null when not grouped. Amounts are safe-integer numbers here: sums are
 * made with `add`, which refuses to leave the safe range, so Number arithmetic on fen stays exact
 * and avoids a heap bigint per case; results carry fen as bigint.
 */
export interface NormCase {
  setl_id: string;
  inst: string;
  dept: string | null;
  dr: string | null;
  drg: string | null;
  /** The input drg code, also for ungrouped cases. */
  drg_code: string;
  adrg: string | null;
  total: number;
  fund: number;
  los: number;
  psn: string;
}

const MAX = Number.MAX_SAFE_INTEGER;

/** a + b for integers, refusing results beyond ±(2^53 − 1) (≈ 90 trillion yuan in fen), where Numbers stop being exact. */
export function add(a: number, b: number): number {
  const s = a + b;
  if (s > MAX || s < -MAX) throw new DrgInputError(`金额合计超出精确整数范围 | a sum (${s}) leaves the exact integer range of 2^53`);
  return s;
}

function fen(v: unknown, field: string, setl: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'bigint' && v <= BigInt(MAX) && v >= -BigInt(MAX)) return Number(v);
  throw new DrgInputError(`结算 ${setl} 的 ${field} 不是整数（分） | settlement ${setl}: ${field} must be an integer number of fen, got ${String(v)}`);
}

/**
 * Validates cases (unique setl_id, integer fen, cost ≥ 0, LOS a non-negative integer, grouped ⇒ a
 * DRG code) and returns them sorted by setl_id, so every later step is independent of input order.
 * The sort is linear on input already in that order (ORDER BY setl_id).
 */
export function normalizeCases(input: readonly DrgCase[]): NormCase[] {
  let cases = input;
  for (let i = 1; i < input.length; i++) {
    if (!(input[i - 1].setl_id < input[i].setl_id)) {
      // Sort the references first so the cases built below lie in memory in the order they are read.
      cases = input.slice().sort((a, b) => byCode(a.setl_id, b.setl_id));
      break;
    }
  }
  const out: NormCase[] = new Array(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const id = c.setl_id;
    if (typeof id !== 'string' || !id) throw new DrgInputError(`结算缺少 setl_id | a case has no setl_id (${JSON.stringify(id)})`);
    if (i > 0 && id === cases[i - 1].setl_id) throw new DrgInputError(`结算 ${id} 重复 | settlement ${id} appears twice`);
    if (typeof c.fixmedins_code !== 'string' || !c.fixmedins_code) {
      throw new DrgInputError(`结算 ${id} 缺少 fixmedins_code | settlement ${id} has no fixmedins_code`);
    }
    const total = fen(c.total_fen, 'total_fen', id);
    if (total < 0) throw new DrgInputError(`结算 ${id} 的医疗费用为负 | settlement ${id}: total_fen is negative (${total})`);
    if (!Number.isSafeInteger(c.los_days) || c.los_days < 0) {
      throw new DrgInputError(`结算 ${id} 的住院天数无效 | settlement ${id}: los_days must be a non-negative integer, got ${String(c.los_days)}`);
    }
    const grouped = c.grouped === true;
    if (grouped && (typeof c.drg !== 'string' || !c.drg || c.drg === '0000')) {
      throw new DrgInputError(`结算 ${id} 标记为已入组但无 DRG 编码 | settlement ${id} is marked grouped but has DRG "${String(c.drg)}"`);
    }
    out[i] = {
      setl_id: id, inst: c.fixmedins_code, dept: c.dept_code ?? null, dr: c.dr_code ?? null,
      drg: grouped ? c.drg : null, drg_code: typeof c.drg === 'string' ? c.drg : '0000', adrg: c.adrg ?? null,
      total, fund: fen(c.fund_paid_fen, 'fund_paid_fen', id), los: c.los_days, psn: typeof c.psn_no === 'string' ? c.psn_no : String(c.psn_no),
    };
  }
  return out;
}

/** Code-unit order, independent of locale. */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNum = (a: number, b: number): number => a - b;

/** Accepts parsed parameters or raw input (parsing is idempotent). */
export function resolveParams(p: DrgParams | DrgParamsInput): DrgParams {
  return parseDrgParams(p);
}

// ---- weights ----

export type TrimOutcome =
  /** Trimming applied (it may have removed no case). */
  | 'applied'
  /** Fewer grouped cases than trim.min_cases: all kept. */
  | 'below_min_cases'
  /** The bounds would have removed every case: all kept. */
  | 'would_remove_all';

export interface DrgWeight {
  drg: string;
  /** The smallest non-null ADRG code seen among its cases. */
  adrg: string | null;
  cases: number;
  /** Cases used for the average after trimming, and those removed. */
  kept_cases: number;
  trimmed_cases: number;
  trim: TrimOutcome;
  /** Trim bounds in fen (4 places; the comparison itself is exact), null when not applied. */
  trim_low_fen: string | null;
  trim_high_fen: string | null;
  total_fen: bigint;
  kept_total_fen: bigint;
  /** Untrimmed mean cost, fen (indicator places). */
  mean_cost_fen: string;
  /** Trimmed average cost, fen (indicator places); the exact value is kept_total_fen / kept_cases. */
  avg_cost_fen: string;
  /** Relative weight (rw places). */
  rw: string;
  /** rw × base_points_scale (points places). */
  base_points: string;
}

export interface DrgWeights {
  params: Pick<DrgParams, 'region' | 'year' | 'trim' | 'base_points_scale' | 'rounding'>;
  grouped_cases: number;
  ungrouped_cases: number;
  /** Over all DRGs, after trimming: the denominator of every RW is kept_total_fen / kept_cases. */
  kept_cases: number;
  kept_total_fen: bigint;
  avg_cost_fen: string | null;
  /** Sorted by DRG code. */
  drgs: DrgWeight[];
}

interface TrimResult { kept: number; keptSum: number; outcome: TrimOutcome; lo: Dec | null; hi: Dec | null }

/** Linear-interpolation percentile (as Excel PERCENTILE.INC, DuckDB quantile_cont) of sorted costs, as num/den. */
function percentile(sorted: number[], p: string): { num: bigint; den: bigint } {
  const { num: pn, den: pd } = fraction(p);
  const h = BigInt(sorted.length - 1) * pn; // position × pd
  const k = h / pd;
  const rem = h - k * pd; // fractional part × pd
  const lo = BigInt(sorted[Number(k)]);
  const hi = rem === 0n ? lo : BigInt(sorted[Number(k) + 1]);
  return { num: lo * pd + rem * (hi - lo), den: pd };
}

function trimDrg(costs: number[], sum: number, p: DrgParams): TrimResult {
  const n = costs.length;
  const t = p.trim;
  if (n < t.min_cases) return { kept: n, keptSum: sum, outcome: 'below_min_cases', lo: null, hi: null };
  // Bounds as fractions loN/loD, hiN/hiD; a cost c is kept when loN ≤ c·loD and c·hiD ≤ hiN.
  let loN: bigint; let loD: bigint; let hiN: bigint; let hiD: bigint;
  if (t.method === 'ratio') {
    const l = fraction(t.low); const h = fraction(t.high);
    const N = BigInt(n); const S = BigInt(sum);
    loN = l.num * S; loD = l.den * N;
    hiN = h.num * S; hiD = h.den * N;
  } else {
    const sorted = costs.slice().sort(byNum);
    ({ num: loN, den: loD } = percentile(sorted, t.low));
    ({ num: hiN, den: hiD } = percentile(sorted, t.high));
  }
  // Costs are integers: lo ≤ c ⇔ ⌈lo⌉ ≤ c and c ≤ hi ⇔ c ≤ ⌊hi⌋ (bounds ≥ 0).
  const loMin = Number((loN + loD - 1n) / loD);
  const hiMax = Number(hiN / hiD);
  let kept = 0; let keptSum = 0;
  for (const c of costs) {
    if (c >= loMin && c <= hiMax) { kept++; keptSum += c; }
  }
  const lo = new Dec(loN.toString()).div(loD.toString());
  const hi = new Dec(hiN.toString()).div(hiD.toString());
  if (kept === 0) return { kept: n, keptSum: sum, outcome: 'would_remove_all', lo, hi };
  return { kept, keptSum, outcome: 'applied', lo, hi };
}

interface DrgAcc { costs: number[]; sum: number; adrg: string | null }

export function computeWeightsOf(norm: readonly NormCase[], p: DrgParams): DrgWeights {
  const acc = new Map<string, DrgAcc>();
  let grouped = 0;
  for (const c of norm) {
    if (c.drg === null) continue;
    grouped++;
    let a = acc.get(c.drg);
    if (!a) acc.set(c.drg, (a = { costs: [], sum: 0, adrg: null }));
    a.costs.push(c.total);
    a.sum = add(a.sum, c.total);
    if (c.adrg !== null && (a.adrg === null || c.adrg < a.adrg)) a.adrg = c.adrg;
  }
  const codes = [...acc.keys()].sort(byCode);
  const trims = codes.map((d) => trimDrg(acc.get(d)!.costs, acc.get(d)!.sum, p));
  let keptCases = 0; let keptTotal = 0;
  for (const t of trims) { keptCases += t.kept; keptTotal = add(keptTotal, t.keptSum); }
  if (grouped > 0 && keptTotal === 0) {
    throw new DrgInputError('裁剪后保留的入组病例费用合计为 0，无法计算相对权重 | the grouped cases kept after trimming cost 0 in total: relative weights are undefined');
  }
  const { rw_dp, points_dp, indicator_dp } = p.rounding;
  const scale = new Dec(p.base_points_scale);
  const drgs: DrgWeight[] = codes.map((drg, i) => {
    const a = acc.get(drg)!;
    const t = trims[i];
    // RW = (keptSum_d / kept_d) / (keptTotal / keptCases) in one division, so common factors of
    // the costs cancel exactly.
    const rw = new Dec(t.keptSum).mul(keptCases).div(new Dec(t.kept).mul(keptTotal)).toDecimalPlaces(rw_dp, Dec.ROUND_HALF_UP);
    return {
      drg, adrg: a.adrg, cases: a.costs.length, kept_cases: t.kept, trimmed_cases: a.costs.length - t.kept,
      trim: t.outcome,
      trim_low_fen: t.outcome === 'applied' && t.lo ? fixed(t.lo, 4) : null,
      trim_high_fen: t.outcome === 'applied' && t.hi ? fixed(t.hi, 4) : null,
      total_fen: BigInt(a.sum), kept_total_fen: BigInt(t.keptSum),
      mean_cost_fen: fixed(new Dec(a.sum).div(a.costs.length), indicator_dp),
      avg_cost_fen: fixed(new Dec(t.keptSum).div(t.kept), indicator_dp),
      rw: rw.toFixed(rw_dp),
      base_points: fixed(rw.mul(scale), points_dp),
    };
  });
  return {
    params: { region: p.region, year: p.year, trim: p.trim, base_points_scale: p.base_points_scale, rounding: p.rounding },
    grouped_cases: grouped, ungrouped_cases: norm.length - grouped,
    kept_cases: keptCases, kept_total_fen: BigInt(keptTotal),
    avg_cost_fen: keptCases ? fixed(new Dec(keptTotal).div(keptCases), indicator_dp) : null,
    drgs,
  };
}

/** Relative weights and base points of every DRG present among the grouped cases. */
export function computeWeights(cases: readonly DrgCase[], params: DrgParams | DrgParamsInput): DrgWeights {
  return computeWeightsOf(normalizeCases(cases), resolveParams(params));
}

export interface WeightInfo {
  w: DrgWeight;
  /** RW in units of 10^-rw_dp. */
  rwScaled: number;
}

/** A weight table by DRG code; throws naming every DRG of `norm` the table lacks. */
export function weightIndex(weights: DrgWeights, norm: readonly NormCase[], p: DrgParams): Map<string, WeightInfo> {
  const idx = new Map<string, WeightInfo>();
  for (const w of weights.drgs) {
    idx.set(w.drg, { w, rwScaled: Number(parseScaled(w.rw, p.rounding.rw_dp)) });
  }
  const missing = new Set<string>();
  for (const c of norm) if (c.drg !== null && !idx.has(c.drg)) missing.add(c.drg);
  if (missing.size) {
    const list = [...missing].sort(byCode).join(', ');
    throw new DrgInputError(`权重表缺少病组 ${list} | the weight table has no entry for DRG ${list}`);
  }
  return idx;
}

// ---- CMI and indicators ----

export interface InstitutionIndicators {
  fixmedins_code: string;
  /** All settlements, grouped or not. */
  cases: number;
  grouped_cases: number;
  ungrouped_cases: number;
  persons: number;
  total_fen: bigint;
  /** 次均住院费用: total_fen ÷ cases, fen. */
  avg_cost_fen: string;
  /** 平均住院日: Σ los_days ÷ cases. */
  avg_los_days: string;
  /** 住院人次人头比: cases ÷ distinct psn_no. */
  cases_per_person: string;
  /** Σ RW of grouped cases ÷ grouped cases; null without grouped cases. */
  cmi: string | null;
  /** 费用消耗指数 and 时间消耗指数 over grouped cases; null without grouped cases. */
  cost_index: string | null;
  time_index: string | null;
  /** 未入组率: ungrouped ÷ cases. */
  ungrouped_rate: string;
}

export interface CmiRow {
  fixmedins_code: string;
  /** dept_code for departments, dr_code for doctors; null = cases without one. */
  code: string | null;
  grouped_cases: number;
  rw_sum: string;
  cmi: string;
}

export interface DrgIndicators {
  /** The whole region as one entity (fixmedins_code ''), same formulas. */
  region: InstitutionIndicators;
  institutions: InstitutionIndicators[];
  /** Keyed by (institution, dept_code) and (institution, dr_code): codes are institution-local. */
  departments: CmiRow[];
  doctors: CmiRow[];
}

interface EntAcc {
  cases: number; grouped: number; total: number; los: number; persons: Set<string>; rwSum: number;
  /** Per DRG: grouped cases, their cost and LOS. */
  perDrg: Map<string, { n: number; sum: number; los: number }>;
}

const newEnt = (): EntAcc => ({ cases: 0, grouped: 0, total: 0, los: 0, persons: new Set(), rwSum: 0, perDrg: new Map() });

function addCase(e: EntAcc, c: NormCase, rw: number): void {
  e.cases++;
  e.total = add(e.total, c.total);
  e.los = add(e.los, c.los);
  e.persons.add(c.psn);
  if (c.drg === null) return;
  e.grouped++;
  e.rwSum = add(e.rwSum, rw);
  let d = e.perDrg.get(c.drg);
  if (!d) e.perDrg.set(c.drg, (d = { n: 0, sum: 0, los: 0 }));
  d.n++; d.sum = add(d.sum, c.total); d.los = add(d.los, c.los);
}

/**
 * Σ over the entity's DRGs of (its average in the DRG ÷ the region's) × its cases in the DRG ÷ its
 * grouped cases; simplified per DRG to sum_e × n_region ÷ sum_region. A region average of 0 (every
 * case in the DRG cost 0, or stayed 0 days) makes the DRG's ratio 1.
 */
function consumptionIndex(e: EntAcc, region: EntAcc, pick: 'sum' | 'los', dp: number): string | null {
  if (e.grouped === 0) return null;
  let acc = new Dec(0);
  for (const [drg, d] of e.perDrg) {
    const r = region.perDrg.get(drg)!;
    acc = acc.plus(r[pick] === 0 ? new Dec(d.n) : new Dec(d[pick]).mul(r.n).div(r[pick]));
  }
  return fixed(acc.div(e.grouped), dp);
}

function indicatorsOf(code: string, e: EntAcc, region: EntAcc, p: DrgParams): InstitutionIndicators {
  const { indicator_dp: dp, rw_dp } = p.rounding;
  const n = e.cases;
  return {
    fixmedins_code: code, cases: n, grouped_cases: e.grouped, ungrouped_cases: n - e.grouped,
    persons: e.persons.size, total_fen: BigInt(e.total),
    avg_cost_fen: fixed(new Dec(e.total).div(n), dp),
    avg_los_days: fixed(new Dec(e.los).div(n), dp),
    cases_per_person: fixed(new Dec(n).div(e.persons.size), dp),
    cmi: e.grouped ? fixed(new Dec(e.rwSum).div(new Dec(10).pow(rw_dp)).div(e.grouped), dp) : null,
    cost_index: consumptionIndex(e, region, 'sum', dp),
    time_index: consumptionIndex(e, region, 'los', dp),
    ungrouped_rate: fixed(new Dec(n - e.grouped).div(n), dp),
  };
}

function cmiRows(m: Map<string, { inst: string; code: string | null; n: number; rw: number }>, p: DrgParams): CmiRow[] {
  const { indicator_dp: dp, rw_dp } = p.rounding;
  return [...m.values()]
    .sort((a, b) => byCode(a.inst, b.inst) || (a.code === b.code ? 0 : a.code === null ? -1 : b.code === null ? 1 : byCode(a.code, b.code)))
    .map((r) => ({
      fixmedins_code: r.inst, code: r.code, grouped_cases: r.n, rw_sum: scaledToString(BigInt(r.rw), rw_dp),
      cmi: fixed(new Dec(r.rw).div(new Dec(10).pow(rw_dp)).div(r.n), dp),
    }));
}

export function computeIndicatorsOf(norm: readonly NormCase[], p: DrgParams, weights: DrgWeights): DrgIndicators {
  const idx = weightIndex(weights, norm, p);
  const region = newEnt();
  const inst = new Map<string, EntAcc>();
  const dept = new Map<string, { inst: string; code: string | null; n: number; rw: number }>();
  const doc = new Map<string, { inst: string; code: string | null; n: number; rw: number }>();
  const bump = (m: typeof dept, i: string, code: string | null, rw: number) => {
    const k = `${i}\u0000${code === null ? '\u0000' : `\u0001${code}`}`;
    let r = m.get(k);
    if (!r) m.set(k, (r = { inst: i, code, n: 0, rw: 0 }));
    r.n++; r.rw = add(r.rw, rw);
  };
  for (const c of norm) {
    const rw = c.drg === null ? 0 : idx.get(c.drg)!.rwScaled;
    addCase(region, c, rw);
    let e = inst.get(c.inst);
    if (!e) inst.set(c.inst, (e = newEnt()));
    addCase(e, c, rw);
    if (c.drg !== null) { bump(dept, c.inst, c.dept, rw); bump(doc, c.inst, c.dr, rw); }
  }
  if (norm.length === 0) throw new DrgInputError('没有结算数据 | no cases');
  return {
    region: indicatorsOf('', region, region, p),
    institutions: [...inst.keys()].sort(byCode).map((k) => indicatorsOf(k, inst.get(k)!, region, p)),
    departments: cmiRows(dept, p),
    doctors: cmiRows(doc, p),
  };
}

/**
 * CMI and indicators of the cases. `weights` defaults to the weights of these same cases; give a
 * base period's table to score another period (every DRG present must be in it).
 */
export function computeIndicators(cases: readonly DrgCase[], params: DrgParams | DrgParamsInput, weights?: DrgWeights): DrgIndicators {
  const p = resolveParams(params);
  const norm = normalizeCases(cases);
  return computeIndicatorsOf(norm, p, weights ?? computeWeightsOf(norm, p));
}
