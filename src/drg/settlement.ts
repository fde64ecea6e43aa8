/**
 * 病组点数法 settlement of a period: case points, point value, each institution's DRG payment and
 * its balance against what the fund already paid by item. Pure: cases and parameters in, a plain
 * result out. Method and worked example: docs/drg-settlement.md; number conventions: ./params.ts.
 */
import {
  coefficientOf, Dec, divRound, fraction, HALF_UP, scaledToString, toScaled, type DrgParams, type DrgParamsInput,
} from './params.js';
import {
  add, byCode, computeWeightsOf, DrgInputError, normalizeCases, resolveParams, weightIndex,
  type DrgCase, type DrgWeights,
} from './weights.js';

export type CaseType = 'normal' | 'high' | 'low' | 'ungrouped';

export interface SettledCase {
  setl_id: string;
  fixmedins_code: string;
  /** The input DRG code ('0000' or as given when ungrouped). */
  drg: string;
  case_type: CaseType;
  /** Points places; null for ungrouped cases (paid by item, no points). */
  points: string | null;
  fund_paid_fen: bigint;
}

export interface UngroupedCase { setl_id: string; fixmedins_code: string; drg: string; fund_paid_fen: bigint }

export interface InstitutionSettlement {
  fixmedins_code: string;
  coefficient: string;
  /** Grouped cases, and those of each type. */
  cases: number;
  normal_cases: number;
  high_cost_cases: number;
  low_cost_cases: number;
  ungrouped_cases: number;
  points: string;
  /** points × point value, rounded half-up to the fen. */
  drg_payment_fen: bigint;
  /** Fund paid by item during the period for its grouped cases. */
  already_paid_fen: bigint;
  /** drg_payment − already_paid; negative: to claw back. */
  balance_fen: bigint;
  /** Fund paid by item for its ungrouped cases: stays as paid, outside the DRG budget. */
  ungrouped_fund_paid_fen: bigint;
}

export interface SettlementTotals {
  cases: number;
  grouped_cases: number;
  normal_cases: number;
  high_cost_cases: number;
  low_cost_cases: number;
  ungrouped_cases: number;
  /** last_year_budget_fen × (1 + growth_cap), rounded half-up to the fen. */
  budget_fen: bigint;
  total_points: string;
  /** budget ÷ total points, fen per point (point_value_dp places), and the same in yuan. */
  point_value_fen: string;
  point_value_yuan: string;
  /** Σ institutions' drg_payment_fen. */
  drg_payment_fen: bigint;
  /** budget_fen − drg_payment_fen: what the roundings left over (negative: paid over the budget). */
  rounding_remainder_fen: bigint;
  /** |rounding_remainder_fen| never exceeds total_points × ½·10^-point_value_dp + ½ × institutions. */
  rounding_remainder_bound_fen: string;
  already_paid_fen: bigint;
  balance_fen: bigint;
  ungrouped_fund_paid_fen: bigint;
}

export interface DrgSettlement {
  params: DrgParams;
  /** The weight table the points come from. */
  weights: DrgWeights;
  /** Every case, sorted by setl_id. */
  cases: SettledCase[];
  /** The ungrouped cases again, sorted by setl_id, with what the fund paid for them by item. */
  ungrouped: UngroupedCase[];
  /** Sorted by fixmedins_code. */
  institutions: InstitutionSettlement[];
  totals: SettlementTotals;
}

interface DrgInfo {
  base: Dec;
  /** The DRG average is sum / n (kept total and kept cases); baseN = base × n. */
  sum: Dec;
  n: number;
  baseN: Dec;
  /** Smallest high-cost and largest low-cost cost (±Infinity when the DRG average is 0: every case normal). */
  highMin: number;
  lowMax: number;
}

interface InstAcc {
  code: string;
  coef: Dec;
  coefStr: string;
  /** Per DRG at this institution's coefficient, computed once: normal points, and base × (coef − H) × sum for high-cost cases. */
  perDrg: Map<string, { scaled: number; str: string; highB: Dec }>;
  n: number; normal_n: number; high: number; low: number; ungrouped: number;
  /** Points in units of 10^-points_dp. */
  points: number; paid: number; ungroupedPaid: number;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b; // a ≥ 0, b > 0
/** Points rounded to dp places: the string and the integer in units of 10^-dp. */
function rounded(v: Dec, dp: number): { scaled: number; str: string } {
  const str = v.toFixed(dp, HALF_UP);
  const scaled = Number(str.replace('.', ''));
  if (!Number.isSafeInteger(scaled)) throw new DrgInputError(`病例点数超出精确整数范围 | case points ${str} leave the exact integer range`);
  return { scaled, str };
}

/**
 * Settles the cases of a period. `weights` defaults to the weights of these same cases; pass a
 * base period's table to settle with published weights (every DRG present must be in it).
 */
export function settleDrg(cases: readonly DrgCase[], params: DrgParams | DrgParamsInput, weights?: DrgWeights): DrgSettlement {
  const p = resolveParams(params);
  const norm = normalizeCases(cases);
  const table = weights ?? computeWeightsOf(norm, p);
  const idx = weightIndex(table, norm, p);
  const pdp = p.rounding.points_dp;
  const H = fraction(p.high_cost_ratio);
  const L = fraction(p.low_cost_ratio);
  const hDec = new Dec(p.high_cost_ratio);

  // Per DRG, once: base points and the cost thresholds as integers (cost ≥ H·avg ⇔ cost ≥ ⌈H·avg⌉).
  const info = new Map<string, DrgInfo>();
  for (const [drg, { w }] of idx) {
    const sum = w.kept_total_fen; const n = BigInt(w.kept_cases);
    info.set(drg, {
      base: new Dec(w.base_points), sum: new Dec(sum.toString()), n: w.kept_cases, baseN: new Dec(w.base_points).mul(w.kept_cases),
      highMin: sum === 0n ? Infinity : Number(ceilDiv(H.num * sum, H.den * n)),
      lowMax: sum === 0n ? -Infinity : Number((L.num * sum) / (L.den * n)),
    });
  }

  const insts = new Map<string, InstAcc>();
  const rows: SettledCase[] = new Array(norm.length);
  const ungrouped: UngroupedCase[] = [];
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i];
    let a = insts.get(c.inst);
    if (!a) {
      const coefStr = coefficientOf(p, c.inst);
      insts.set(c.inst, (a = {
        code: c.inst, coef: new Dec(coefStr), coefStr, perDrg: new Map(),
        n: 0, normal_n: 0, high: 0, low: 0, ungrouped: 0, points: 0, paid: 0, ungroupedPaid: 0,
      }));
    }
    if (c.drg === null) {
      a.ungrouped++;
      a.ungroupedPaid = add(a.ungroupedPaid, c.fund);
      const fund = BigInt(c.fund);
      rows[i] = { setl_id: c.setl_id, fixmedins_code: c.inst, drg: c.drg_code, case_type: 'ungrouped', points: null, fund_paid_fen: fund };
      ungrouped.push({ setl_id: c.setl_id, fixmedins_code: c.inst, drg: c.drg_code, fund_paid_fen: fund });
      continue;
    }
    const d = info.get(c.drg)!;
    a.n++;
    a.paid = add(a.paid, c.fund);
    let k = a.perDrg.get(c.drg);
    if (!k) a.perDrg.set(c.drg, (k = { ...rounded(d.base.mul(a.coef), pdp), highB: d.base.mul(a.coef.minus(hDec)).mul(d.sum) }));
    let type: CaseType; let pts: { scaled: number; str: string };
    if (c.total >= d.highMin) {
      // base × coef + (cost/avg − H) × base = (base·n·cost + base·(coef − H)·sum) / sum: one division.
      type = 'high';
      a.high++;
      pts = rounded(d.baseN.mul(c.total).plus(k.highB).div(d.sum), pdp);
    } else if (c.total <= d.lowMax) {
      // base × cost/avg, without the coefficient (see the docs).
      type = 'low';
      a.low++;
      pts = rounded(d.baseN.mul(c.total).div(d.sum), pdp);
    } else {
      type = 'normal';
      a.normal_n++;
      pts = k;
    }
    a.points = add(a.points, pts.scaled);
    rows[i] = { setl_id: c.setl_id, fixmedins_code: c.inst, drg: c.drg, case_type: type, points: pts.str, fund_paid_fen: BigInt(c.fund) };
  }

  let totalPoints = 0n;
  for (const a of insts.values()) totalPoints += BigInt(a.points);
  if (totalPoints <= 0n) {
    throw new DrgInputError('没有病组点数，无法计算点值 | no DRG points in the period: the point value is undefined');
  }
  const vdp = p.rounding.point_value_dp;
  const budget = toScaled(new Dec(p.last_year_budget_fen.toString()).mul(new Dec(1).plus(p.growth_cap)), 0);
  const pv = toScaled(new Dec((budget * 10n ** BigInt(pdp)).toString()).div(totalPoints.toString()), vdp);
  const unit = 10n ** BigInt(pdp + vdp);

  const institutions: InstitutionSettlement[] = [...insts.keys()].sort(byCode).map((k) => {
    const a = insts.get(k)!;
    const pts = BigInt(a.points); const paid = BigInt(a.paid);
    const pay = divRound(pts * pv, unit);
    return {
      fixmedins_code: k, coefficient: a.coefStr,
      cases: a.n, normal_cases: a.normal_n, high_cost_cases: a.high, low_cost_cases: a.low, ungrouped_cases: a.ungrouped,
      points: scaledToString(pts, pdp), drg_payment_fen: pay, already_paid_fen: paid, balance_fen: pay - paid,
      ungrouped_fund_paid_fen: BigInt(a.ungroupedPaid),
    };
  });

  const t = { grouped: 0, normal: 0, high: 0, low: 0, paid: 0n, already: 0n, balance: 0n, ungroupedPaid: 0n };
  for (const r of institutions) {
    t.grouped += r.cases; t.normal += r.normal_cases; t.high += r.high_cost_cases; t.low += r.low_cost_cases;
    t.paid += r.drg_payment_fen; t.already += r.already_paid_fen; t.balance += r.balance_fen;
    t.ungroupedPaid += r.ungrouped_fund_paid_fen;
  }
  // Σ points_i × pv = budget + P·(pv − budget/P), |pv − budget/P| ≤ ½·10^-vdp; each payment adds ≤ ½ fen.
  const bound = new Dec(scaledToString(totalPoints, pdp)).mul(new Dec(`0.${'0'.repeat(vdp)}5`)).plus(new Dec(institutions.length).div(2));

  return {
    params: p,
    weights: table,
    cases: rows,
    ungrouped,
    institutions,
    totals: {
      cases: norm.length, grouped_cases: t.grouped,
      normal_cases: t.normal, high_cost_cases: t.high, low_cost_cases: t.low, ungrouped_cases: norm.length - t.grouped,
      budget_fen: budget,
      total_points: scaledToString(totalPoints, pdp),
      point_value_fen: scaledToString(pv, vdp),
      point_value_yuan: scaledToString(pv, vdp + 2),
      drg_payment_fen: t.paid,
      rounding_remainder_fen: budget - t.paid,
      rounding_remainder_bound_fen: bound.toFixed(),
      already_paid_fen: t.already,
      balance_fen: t.balance,
      ungrouped_fund_paid_fen: t.ungroupedPaid,
    },
  };
}
