/**
 * Properties of DRG weights, indicators and settlement on random regions (fast-check), including a
 * differential check against a small reference implementation in exact bigint rationals written
 * straight from docs/drg-settlement.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DrgParamsInput } from '../../src/drg/params.js';
import { computeIndicators, computeWeights, DrgInputError, type DrgCase } from '../../src/drg/weights.js';
import { settleDrg, type DrgSettlement } from '../../src/drg/settlement.js';
import { shadowRun } from '../../src/drg/shadow.js';

const RUNS = Number(process.env.FUNDGUARD_DRG_RUNS ?? 150);

// ---- arbitraries ----

const caseArb = fc.record({
  inst: fc.constantFrom('H1', 'H2', 'H3', 'H4'),
  drg: fc.option(fc.constantFrom('A1', 'B1', 'C1', 'D1', 'E1'), { nil: null, freq: 8 }),
  cost: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 5_000_000 })),
  fundPct: fc.integer({ min: 0, max: 100 }),
  los: fc.integer({ min: 0, max: 40 }),
  psn: fc.integer({ min: 1, max: 25 }),
  dept: fc.option(fc.constantFrom('K1', 'K2'), { nil: null }),
  dr: fc.option(fc.constantFrom('R1', 'R2', 'R3'), { nil: null }),
});

/** Ids in an order unrelated to generation order. */
const casesArb = fc.array(caseArb, { minLength: 1, maxLength: 60 })
  .map((list) => list.map((c, i): DrgCase => ({
    setl_id: `S${String((i * 7919) % 1000).padStart(3, '0')}`, fixmedins_code: c.inst, dept_code: c.dept, dr_code: c.dr,
    drg: c.drg ?? '0000', adrg: c.drg ? c.drg.slice(0, 1) : null, grouped: c.drg !== null,
    total_fen: c.cost, fund_paid_fen: Math.floor((c.cost * c.fundPct) / 100), los_days: c.los, psn_no: `P${c.psn}`, month: '2024-03',
  })))
  .filter((cs) => cs.some((c) => c.grouped && Number(c.total_fen) > 0));

const coefArb = fc.integer({ min: 5000, max: 15000 }).map((n) => `${Math.floor(n / 10000)}.${String(n % 10000).padStart(4, '0')}`);

const paramsArb: fc.Arbitrary<DrgParamsInput> = fc.record({
  trim: fc.oneof(
    fc.record({
      method: fc.constant('ratio' as const), low: fc.constantFrom('0', '0.3', '0.5', '0.9'),
      high: fc.constantFrom('1', '2', '3', '10'), min_cases: fc.integer({ min: 1, max: 8 }),
    }),
    fc.record({
      method: fc.constant('percentile' as const), low: fc.constantFrom('0', '0.05', '0.1', '0.25'),
      high: fc.constantFrom('0.75', '0.9', '0.95', '1'), min_cases: fc.integer({ min: 1, max: 8 }),
    }),
  ),
  institution_coefficients: fc.record({ H1: coefArb, H2: coefArb }, { requiredKeys: [] }),
  default_coefficient: coefArb,
  high_cost_ratio: fc.constantFrom('1', '1.5', '2', '3'),
  low_cost_ratio: fc.constantFrom('0', '0.2', '0.4', '0.5'),
  last_year_budget_fen: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  growth_cap: fc.constantFrom('0', '0.065', '-0.1', '0.12345'),
  base_points_scale: fc.constantFrom('100', '1', '3.33', '1000'),
});

// ---- helpers ----

/** A decimal string with any places as units of 10^-dp (exact; the strings compared carry ≤ dp places). */
function units(s: string, dp: number): bigint {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i + f.padEnd(dp, '0').slice(0, dp));
  return neg ? -v : v;
}
const fracOf = (s: string) => {
  const [i, f = ''] = s.split('.');
  return { n: BigInt(i + f), d: 10n ** BigInt(f.length) };
};
/** n / d rounded half-up, n ≥ 0, d > 0. */
const roundDiv = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);
const fmt = (v: bigint, dp: number) => {
  const s = v.toString().padStart(dp + 1, '0');
  return dp ? `${s.slice(0, -dp)}.${s.slice(-dp)}` : s;
};
const num = (v: bigint | number) => BigInt(v);

/** False for the regions whose kept cases cost 0 in total (weights undefined: the functions refuse them). */
function weighable(cases: DrgCase[], params: DrgParamsInput): boolean {
  try {
    computeWeights(cases, params);
    return true;
  } catch (e) {
    if (e instanceof DrgInputError && /kept after trimming cost 0/.test(e.message)) return false;
    throw e;
  }
}

// ---- the reference implementation ----

interface Ref {
  rw: Map<string, string>;
  base: Map<string, string>;
  cases: Map<string, { type: string; points: string | null }>;
  budget: bigint;
  pv: string;
  payments: Map<string, bigint>;
}

function reference(cases: DrgCase[], input: DrgParamsInput): Ref {
  const trim = input.trim as { method: 'ratio' | 'percentile'; low: string; high: string; min_cases: number };
  const byDrg = new Map<string, bigint[]>();
  for (const c of cases) if (c.grouped) byDrg.set(c.drg, [...(byDrg.get(c.drg) ?? []), num(c.total_fen)]);
  const kept = new Map<string, { n: bigint; s: bigint }>();
  for (const [d, costs] of byDrg) {
    const n = BigInt(costs.length); const S = costs.reduce((a, b) => a + b, 0n);
    let keep = (_: bigint) => true;
    if (costs.length >= trim.min_cases) {
      if (trim.method === 'ratio') {
        const l = fracOf(trim.low); const h = fracOf(trim.high);
        keep = (c) => c * n * l.d >= l.n * S && c * n * h.d <= h.n * S;
      } else {
        const sorted = [...costs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        // P = c[k] + (h − k)(c[k+1] − c[k]), h = (n − 1)p, as a fraction over p's denominator.
        const pct = (p: string) => {
          const f = fracOf(p); const h = BigInt(sorted.length - 1) * f.n; const k = h / f.d; const r = h - k * f.d;
          const lo = sorted[Number(k)]; const hi = r === 0n ? lo : sorted[Number(k) + 1];
          return { n: lo * f.d + r * (hi - lo), d: f.d };
        };
        const lo = pct(trim.low); const hi = pct(trim.high);
        keep = (c) => c * lo.d >= lo.n && c * hi.d <= hi.n;
      }
    }
    let k = costs.filter(keep);
    if (k.length === 0) k = costs;
    kept.set(d, { n: BigInt(k.length), s: k.reduce((a, b) => a + b, 0n) });
  }
  let K = 0n; let T = 0n;
  for (const v of kept.values()) { K += v.n; T += v.s; }
  const scale = fracOf(String(input.base_points_scale));
  const rw = new Map<string, string>(); const base = new Map<string, string>(); const baseS = new Map<string, bigint>();
  for (const [d, v] of kept) {
    const r = roundDiv(v.s * K * 10_000n, v.n * T);
    const b = roundDiv(r * scale.n, scale.d);
    rw.set(d, fmt(r, 4)); base.set(d, fmt(b, 4)); baseS.set(d, b);
  }
  const H = fracOf(String(input.high_cost_ratio)); const L = fracOf(String(input.low_cost_ratio));
  const coefs = (input.institution_coefficients ?? {}) as Record<string, string>;
  const out = new Map<string, { type: string; points: string | null }>();
  const instPts = new Map<string, bigint>();
  for (const c of cases) {
    if (!instPts.has(c.fixmedins_code)) instPts.set(c.fixmedins_code, 0n);
    if (!c.grouped) { out.set(c.setl_id, { type: 'ungrouped', points: null }); continue; }
    const { n, s } = kept.get(c.drg)!; const b = baseS.get(c.drg)!; const cost = num(c.total_fen);
    const co = fracOf(coefs[c.fixmedins_code] ?? String(input.default_coefficient));
    let type = 'normal'; let pts = roundDiv(b * co.n, co.d);
    if (s > 0n && cost * n * H.d >= H.n * s) {
      type = 'high';
      pts = roundDiv(b * (co.n * H.d * s + cost * n * co.d * H.d - H.n * co.d * s), co.d * H.d * s);
    } else if (s > 0n && cost * n * L.d <= L.n * s) {
      type = 'low';
      pts = roundDiv(b * cost * n, s);
    }
    out.set(c.setl_id, { type, points: fmt(pts, 4) });
    instPts.set(c.fixmedins_code, instPts.get(c.fixmedins_code)! + pts);
  }
  const P = [...instPts.values()].reduce((a, b) => a + b, 0n);
  const g = fracOf(String(input.growth_cap).replace('-', ''));
  const gn = String(input.growth_cap).startsWith('-') ? -g.n : g.n;
  const budget = roundDiv(BigInt(input.last_year_budget_fen as bigint) * (g.d + gn), g.d);
  const pv = roundDiv(budget * 10n ** 10n, P);
  const payments = new Map([...instPts].map(([k, p]) => [k, roundDiv(p * pv, 10n ** 10n)]));
  return { rw, base, cases: out, budget, pv: fmt(pv, 6), payments };
}

// ---- properties ----

test('settlement agrees with the exact reference implementation', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const s = settleDrg(cases, params);
    const ref = reference(cases, params);
    for (const w of s.weights.drgs) {
      assert.equal(w.rw, ref.rw.get(w.drg), `rw of ${w.drg}`);
      assert.equal(w.base_points, ref.base.get(w.drg), `base points of ${w.drg}`);
    }
    assert.equal(s.weights.drgs.length, ref.rw.size);
    for (const c of s.cases) {
      const r = ref.cases.get(c.setl_id)!;
      assert.deepEqual([c.case_type, c.points], [r.type, r.points], `case ${c.setl_id}`);
    }
    assert.equal(s.totals.budget_fen, ref.budget);
    assert.equal(s.totals.point_value_fen, ref.pv);
    for (const i of s.institutions) assert.equal(i.drg_payment_fen, ref.payments.get(i.fixmedins_code), i.fixmedins_code);
  }), { numRuns: RUNS });
});

test('Σ case points = Σ institution points = total points; payments + remainder = budget, within the bound', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const s = settleDrg(cases, params);
    const total = units(s.totals.total_points, 4);
    const caseSum = s.cases.reduce((a, c) => a + (c.points === null ? 0n : units(c.points, 4)), 0n);
    const instSum = s.institutions.reduce((a, i) => a + units(i.points, 4), 0n);
    assert.equal(caseSum, total);
    assert.equal(instSum, total);
    const paid = s.institutions.reduce((a, i) => a + i.drg_payment_fen, 0n);
    assert.equal(paid + s.totals.rounding_remainder_fen, s.totals.budget_fen);
    const r = s.totals.rounding_remainder_fen;
    // |r| ≤ P × ½·10⁻⁶ + n/2; P has 4 places, so the bound has at most 11: compared in units of 10⁻¹¹ fen.
    const bound = units(s.totals.rounding_remainder_bound_fen, 11);
    assert.equal(bound, total * 5n + BigInt(s.institutions.length) * 5n * 10n ** 10n);
    assert.ok((r < 0n ? -r : r) * 10n ** 11n <= bound, `remainder ${r} beyond ${s.totals.rounding_remainder_bound_fen}`);
    // Every case is either listed with points or among the ungrouped.
    assert.equal(s.ungrouped.length, s.cases.filter((c) => c.case_type === 'ungrouped').length);
  }), { numRuns: RUNS });
});

test('scaling every cost by an integer factor changes no weight, case type, point or payment', () => {
  fc.assert(fc.property(casesArb, paramsArb, fc.integer({ min: 2, max: 1000 }), (cases, params, k) => {
    fc.pre(weighable(cases, params));
    const a = settleDrg(cases, params);
    const b = settleDrg(cases.map((c) => ({ ...c, total_fen: Number(c.total_fen) * k })), params);
    assert.deepEqual(b.weights.drgs.map((d) => [d.drg, d.rw, d.base_points, d.kept_cases, d.trim]),
      a.weights.drgs.map((d) => [d.drg, d.rw, d.base_points, d.kept_cases, d.trim]));
    assert.deepEqual(b.cases, a.cases);
    assert.deepEqual(b.institutions, a.institutions);
    assert.deepEqual(b.totals, a.totals);
  }), { numRuns: RUNS });
});

test('permuting the input changes no result', () => {
  fc.assert(fc.property(casesArb, paramsArb, fc.integer(), (cases, params, seed) => {
    fc.pre(weighable(cases, params));
    // A seeded Fisher–Yates shuffle.
    const shuffled = [...cases];
    let x = seed >>> 0 || 1;
    for (let i = shuffled.length - 1; i > 0; i--) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      const j = x % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const a = settleDrg(cases, params); const b = settleDrg(shuffled, params);
    assert.deepEqual(b, a);
    assert.deepEqual(computeIndicators(shuffled, params), computeIndicators(cases, params));
    assert.deepEqual(shadowRun(b, shuffled), shadowRun(a, cases));
  }), { numRuns: RUNS });
});

test('without trimming, the region CMI is 1 up to the roundings of RW and CMI', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const p = { ...params, trim: { method: 'ratio' as const, low: 0.3, high: 3, min_cases: 1_000_000 } };
    const ind = computeIndicators(cases, p);
    // Σ n_d × (avg_d ÷ avg) ÷ N = 1 exactly; each RW is within ½·10⁻⁴ and the CMI rounds by ½·10⁻⁴ more.
    const d = units(ind.region.cmi!, 4) - 10_000n;
    assert.ok(d >= -1n && d <= 1n, `region CMI ${ind.region.cmi}`);
  }), { numRuns: RUNS });
});

test('consumption indices: the region is exactly 1 and institutions average to 1 weighted by grouped cases', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const ind = computeIndicators(cases, params);
    assert.equal(ind.region.cost_index, '1.0000');
    assert.equal(ind.region.time_index, '1.0000');
    for (const k of ['cost_index', 'time_index'] as const) {
      // Σ_i grouped_i × index_i, each index within ½·10⁻⁴ of its exact value: within grouped × ½·10⁻⁴ of N.
      let sum = 0n; let n = 0n;
      for (const i of ind.institutions) if (i[k] !== null) { sum += BigInt(i.grouped_cases) * units(i[k]!, 4); n += BigInt(i.grouped_cases); }
      const diff = sum - n * 10_000n;
      assert.ok(2n * (diff < 0n ? -diff : diff) <= n, `${k}: Σ = ${sum} for ${n} cases`);
    }
    // CMI of departments and doctors add back to the institution's Σ RW.
    for (const i of ind.institutions) {
      if (i.cmi === null) continue;
      const rw = (rows: typeof ind.departments) => rows.filter((r) => r.fixmedins_code === i.fixmedins_code)
        .reduce((a, r) => [a[0] + units(r.rw_sum, 4), a[1] + BigInt(r.grouped_cases)], [0n, 0n]);
      assert.deepEqual(rw(ind.departments), rw(ind.doctors));
      assert.equal(rw(ind.departments)[1], BigInt(i.grouped_cases));
    }
  }), { numRuns: RUNS });
});

test('within a DRG and an institution, points never decrease as cost rises (coefficient ≥ low_cost_ratio)', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const s = settleDrg(cases, params);
    const cost = new Map(cases.map((c) => [c.setl_id, Number(c.total_fen)]));
    const groups = new Map<string, { cost: number; pts: bigint }[]>();
    for (const c of s.cases) {
      if (c.points === null) continue;
      const k = `${c.fixmedins_code}/${c.drg}`;
      groups.set(k, [...(groups.get(k) ?? []), { cost: cost.get(c.setl_id)!, pts: units(c.points, 4) }]);
    }
    for (const list of groups.values()) {
      list.sort((a, b) => a.cost - b.cost || (a.pts < b.pts ? -1 : 1));
      for (let i = 1; i < list.length; i++) {
        if (list[i].cost > list[i - 1].cost) assert.ok(list[i].pts >= list[i - 1].pts);
        else assert.equal(list[i].pts, list[i - 1].pts); // equal costs, equal points
      }
    }
  }), { numRuns: RUNS });
});

test('shadow run: per-DRG rows of an institution add up to its payment within ½ fen per row', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const s: DrgSettlement = settleDrg(cases, params);
    const sh = shadowRun(s, cases);
    for (const i of sh.institutions) {
      const rows = sh.institution_drgs.filter((r) => r.fixmedins_code === i.fixmedins_code);
      const sum = rows.reduce((a, r) => a + r.drg_payment_fen, 0n);
      const d = sum - i.drg_payment_fen;
      assert.ok(2n * (d < 0n ? -d : d) <= BigInt(rows.length + 1), `${i.fixmedins_code}: ${sum} vs ${i.drg_payment_fen}`);
      assert.equal(rows.reduce((a, r) => a + r.item_paid_fen, 0n), i.item_paid_fen);
      assert.equal(i.difference_fen, i.drg_payment_fen - i.item_paid_fen);
    }
    // Winners and losers partition the institutions with a non-zero difference, in order.
    const nz = sh.institutions.filter((r) => r.difference_fen !== 0n).length;
    assert.equal(sh.winners.length + sh.losers.length, nz);
    for (let k = 1; k < sh.winners.length; k++) assert.ok(sh.winners[k - 1].difference_fen >= sh.winners[k].difference_fen);
    for (let k = 1; k < sh.losers.length; k++) assert.ok(sh.losers[k - 1].difference_fen <= sh.losers[k].difference_fen);
  }), { numRuns: RUNS });
});

test('weights do not depend on ungrouped cases or on fund payments', () => {
  fc.assert(fc.property(casesArb, paramsArb, (cases, params) => {
    fc.pre(weighable(cases, params));
    const a = computeWeights(cases, params);
    const b = computeWeights(cases.filter((c) => c.grouped).map((c) => ({ ...c, fund_paid_fen: 0 })), params);
    assert.deepEqual(b.drgs, a.drgs);
  }), { numRuns: RUNS });
});
