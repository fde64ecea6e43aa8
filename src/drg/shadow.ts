/**
 * 模拟运行 (shadow run): what each institution and each DRG would receive under 病组点数法 against
 * what the fund paid by item for the same grouped cases. Pure; reads a settlement from
 * ./settlement.ts and the cases it was computed from.
 */
import { Dec, divRound, fixed, parseScaled, scaledToString } from './params.js';
import { add, byCode, DrgInputError, normalizeCases, type DrgCase } from './weights.js';
import type { DrgSettlement } from './settlement.js';

export interface ShadowFigures {
  /** Grouped cases and their medical cost (medfee_sumamt). */
  cases: number;
  medfee_fen: bigint;
  points: string;
  /** Under DRG: points × point value, rounded half-up to the fen for this row. */
  drg_payment_fen: bigint;
  /** What the fund paid by item for the same cases. */
  item_paid_fen: bigint;
  /** drg_payment − item_paid: positive gains under DRG. */
  difference_fen: bigint;
  /** drg_payment ÷ item_paid (indicator places); null when item_paid is 0. */
  ratio: string | null;
}

export interface ShadowInstitution extends ShadowFigures {
  fixmedins_code: string;
  /** Ungrouped cases stay paid by item under both: shown, not compared. */
  ungrouped_cases: number;
  ungrouped_fund_paid_fen: bigint;
}
export interface ShadowDrg extends ShadowFigures { drg: string }
export interface ShadowInstitutionDrg extends ShadowFigures { fixmedins_code: string; drg: string }

export interface ShadowRun {
  point_value_fen: string;
  /**
   * Sorted by code. Institution rows carry the settlement's payments; DRG and institution×DRG rows
   * are rounded each on its own, so they add up to the institution rows only within ½ fen per row.
   */
  institutions: ShadowInstitution[];
  drgs: ShadowDrg[];
  institution_drgs: ShadowInstitutionDrg[];
  /** difference > 0, largest first; difference < 0, most negative first; ties by code. */
  winners: ShadowInstitution[];
  losers: ShadowInstitution[];
  drg_winners: ShadowDrg[];
  drg_losers: ShadowDrg[];
  totals: ShadowFigures & { ungrouped_cases: number; ungrouped_fund_paid_fen: bigint };
}

interface Acc { n: number; medfee: number; points: number; paid: number }
const newAcc = (): Acc => ({ n: 0, medfee: 0, points: 0, paid: 0 });

function entry<V>(m: Map<string, V>, k: string, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

function bump(a: Acc, medfee: number, points: number, paid: number): void {
  a.n++; a.medfee = add(a.medfee, medfee); a.points = add(a.points, points); a.paid = add(a.paid, paid);
}

export function shadowRun(settlement: DrgSettlement, cases: readonly DrgCase[]): ShadowRun {
  const p = settlement.params;
  const pdp = p.rounding.points_dp; const dp = p.rounding.indicator_dp;
  const pv = parseScaled(settlement.totals.point_value_fen, p.rounding.point_value_dp);
  const unit = 10n ** BigInt(pdp + p.rounding.point_value_dp);
  // Both lists are sorted by setl_id: walk them side by side.
  const norm = normalizeCases(cases);
  const rows = settlement.cases;
  if (norm.length !== rows.length) {
    throw new DrgInputError(`结算结果与病例数不符 | the settlement has ${rows.length} cases, ${norm.length} given`);
  }
  const inst = new Map<string, Acc>(); const drg = new Map<string, Acc>();
  const pair = new Map<string, Map<string, Acc>>();
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i]; const r = rows[i];
    if (r.setl_id !== c.setl_id || r.fixmedins_code !== c.inst || r.fund_paid_fen !== BigInt(c.fund)
      || (r.case_type === 'ungrouped') !== (c.drg === null) || (c.drg !== null && r.drg !== c.drg)) {
      throw new DrgInputError(`结算 ${c.setl_id} 与结算结果不符 | settlement ${c.setl_id} does not match the settlement result`);
    }
    if (c.drg === null) continue;
    // Points strings have exactly points_dp places.
    const pts = Number(r.points!.replace('.', ''));
    bump(entry(inst, c.inst, newAcc), c.total, pts, c.fund);
    bump(entry(drg, c.drg, newAcc), c.total, pts, c.fund);
    bump(entry(entry(pair, c.inst, () => new Map<string, Acc>()), c.drg, newAcc), c.total, pts, c.fund);
  }

  const figures = (a: Acc, payment: bigint): ShadowFigures => ({
    cases: a.n, medfee_fen: BigInt(a.medfee), points: scaledToString(BigInt(a.points), pdp), drg_payment_fen: payment,
    item_paid_fen: BigInt(a.paid), difference_fen: payment - BigInt(a.paid),
    ratio: a.paid === 0 ? null : fixed(new Dec(payment.toString()).div(a.paid), dp),
  });
  const pay = (a: Acc) => divRound(BigInt(a.points) * pv, unit);

  const institutions: ShadowInstitution[] = settlement.institutions.map((s) => ({
    fixmedins_code: s.fixmedins_code,
    ...figures(inst.get(s.fixmedins_code) ?? newAcc(), s.drg_payment_fen),
    ungrouped_cases: s.ungrouped_cases, ungrouped_fund_paid_fen: s.ungrouped_fund_paid_fen,
  }));
  const drgs: ShadowDrg[] = [...drg.keys()].sort(byCode).map((d) => ({ drg: d, ...figures(drg.get(d)!, pay(drg.get(d)!)) }));
  const institution_drgs: ShadowInstitutionDrg[] = [...pair.keys()].sort(byCode).flatMap((i) => {
    const m = pair.get(i)!;
    return [...m.keys()].sort(byCode).map((d) => ({ fixmedins_code: i, drg: d, ...figures(m.get(d)!, pay(m.get(d)!)) }));
  });

  const ranked = <T extends ShadowFigures>(list: T[], key: (r: T) => string, sign: 1n | -1n) => list
    .filter((r) => r.difference_fen * sign > 0n)
    .sort((a, b) => {
      const d = (b.difference_fen - a.difference_fen) * sign;
      return d > 0n ? 1 : d < 0n ? -1 : byCode(key(a), key(b));
    });

  const total = newAcc();
  for (const a of inst.values()) {
    total.n += a.n; total.medfee = add(total.medfee, a.medfee); total.points = add(total.points, a.points); total.paid = add(total.paid, a.paid);
  }
  return {
    point_value_fen: settlement.totals.point_value_fen,
    institutions, drgs, institution_drgs,
    winners: ranked(institutions, (r) => r.fixmedins_code, 1n),
    losers: ranked(institutions, (r) => r.fixmedins_code, -1n),
    drg_winners: ranked(drgs, (r) => r.drg, 1n),
    drg_losers: ranked(drgs, (r) => r.drg, -1n),
    totals: {
      ...figures(total, settlement.totals.drg_payment_fen),
      ungrouped_cases: settlement.totals.ungrouped_cases,
      ungrouped_fund_paid_fen: settlement.totals.ungrouped_fund_paid_fen,
    },
  };
}
