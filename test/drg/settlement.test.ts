/**
 * Known answers of DRG weights, indicators, 病组点数法 settlement and the shadow run. The first group
 * is the worked example of docs/drg-settlement.md: same cases, the document's figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrgParamsError, parseDrgParams, type DrgParamsInput } from '../../src/drg/params.js';
import { computeIndicators, computeWeights, DrgInputError, type DrgCase } from '../../src/drg/weights.js';
import { settleDrg } from '../../src/drg/settlement.js';
import { shadowRun } from '../../src/drg/shadow.js';

function mk(setl_id: string, inst: string, drg: string | null, fen: number, opts: Partial<DrgCase> = {}): DrgCase {
  return {
    setl_id, fixmedins_code: inst, dept_code: 'D1', dr_code: 'DR1', drg: drg ?? '0000', adrg: drg ? drg.slice(0, 3) : null,
    grouped: drg !== null, total_fen: fen, fund_paid_fen: Math.round(fen * 0.7), los_days: 5, psn_no: `P-${setl_id}`, month: '2024-06',
    ...opts,
  };
}

// ---- the worked example ----

const ex = (id: string, inst: string, drg: string | null, fen: number, los: number, psn: string, dept: string, dr: string) =>
  mk(id, inst, drg, fen, { fund_paid_fen: BigInt(fen * 7 / 10), los_days: los, psn_no: psn, dept_code: dept, dr_code: dr, total_fen: BigInt(fen) });

const EXAMPLE: DrgCase[] = [
  ex('S01', 'H001', 'ES31', 600_000, 5, 'P01', 'D1', 'DR1'),
  ex('S02', 'H001', 'ES31', 1_000_000, 7, 'P02', 'D1', 'DR1'),
  ex('S03', 'H001', 'ES31', 1_500_000, 9, 'P03', 'D1', 'DR2'),
  ex('S04', 'H001', 'FM13', 2_000_000, 6, 'P04', 'D2', 'DR3'),
  ex('S05', 'H001', 'FM13', 9_600_000, 20, 'P04', 'D2', 'DR3'),
  ex('S06', 'H001', 'GZ15', 2_000_000, 10, 'P05', 'D1', 'DR2'),
  ex('S07', 'H002', 'ES31', 100_000, 1, 'P06', 'D1', 'DR4'),
  ex('S08', 'H002', 'ES31', 800_000, 6, 'P07', 'D1', 'DR4'),
  ex('S09', 'H002', 'ES31', 1_100_000, 8, 'P08', 'D1', 'DR4'),
  ex('S10', 'H002', 'FM13', 2_000_000, 7, 'P09', 'D2', 'DR5'),
  ex('S11', 'H002', 'GZ15', 3_000_000, 12, 'P10', 'D1', 'DR4'),
  ex('S12', 'H002', null, 300_000, 2, 'P11', 'D1', 'DR4'),
  ex('S13', 'H003', 'FM13', 2_400_000, 7, 'P12', 'D2', 'DR6'),
  ex('S14', 'H003', 'FM13', 4_000_000, 9, 'P13', 'D2', 'DR6'),
];
const EXAMPLE_PARAMS: DrgParamsInput = { institution_coefficients: { H001: '1.1', H003: '0.9' }, last_year_budget_fen: 20_000_300 };

test('worked example: trimming, averages, RW and base points', () => {
  const w = computeWeights(EXAMPLE, EXAMPLE_PARAMS);
  assert.equal(w.grouped_cases, 13);
  assert.equal(w.ungrouped_cases, 1);
  assert.equal(w.kept_cases, 12);
  assert.equal(w.kept_total_fen, 30_000_000n);
  assert.equal(w.avg_cost_fen, '2500000.0000');
  const row = (d: string) => w.drgs.find((x) => x.drg === d)!;
  assert.deepEqual(w.drgs.map((d) => d.drg), ['ES31', 'FM13', 'GZ15']);
  assert.deepEqual(
    [row('ES31').cases, row('ES31').kept_cases, row('ES31').trimmed_cases, row('ES31').trim],
    [6, 5, 1, 'applied'],
  );
  assert.equal(row('ES31').mean_cost_fen, '850000.0000');
  assert.equal(row('ES31').trim_low_fen, '255000.0000');
  assert.equal(row('ES31').trim_high_fen, '2550000.0000');
  assert.equal(row('ES31').avg_cost_fen, '1000000.0000');
  assert.equal(row('ES31').kept_total_fen, 5_000_000n);
  assert.deepEqual([row('FM13').kept_cases, row('FM13').trimmed_cases, row('FM13').trim], [5, 0, 'applied']);
  assert.equal(row('FM13').trim_low_fen, '1200000.0000');
  assert.equal(row('FM13').trim_high_fen, '12000000.0000');
  assert.equal(row('FM13').avg_cost_fen, '4000000.0000');
  assert.deepEqual([row('GZ15').kept_cases, row('GZ15').trim, row('GZ15').trim_low_fen], [2, 'below_min_cases', null]);
  assert.equal(row('GZ15').avg_cost_fen, '2500000.0000');
  assert.deepEqual(w.drgs.map((d) => [d.rw, d.base_points]), [['0.4000', '40.0000'], ['1.6000', '160.0000'], ['1.0000', '100.0000']]);
  assert.equal(row('ES31').adrg, 'ES3');
});

test('worked example: case points, point value, payments, balances, remainder', () => {
  const s = settleDrg(EXAMPLE, EXAMPLE_PARAMS);
  assert.deepEqual(s.cases.map((c) => [c.setl_id, c.case_type, c.points]), [
    ['S01', 'normal', '44.0000'], ['S02', 'normal', '44.0000'], ['S03', 'normal', '44.0000'],
    ['S04', 'normal', '176.0000'], ['S05', 'high', '240.0000'], ['S06', 'normal', '110.0000'],
    ['S07', 'low', '4.0000'], ['S08', 'normal', '40.0000'], ['S09', 'normal', '40.0000'],
    ['S10', 'normal', '160.0000'], ['S11', 'normal', '100.0000'], ['S12', 'ungrouped', null],
    ['S13', 'normal', '144.0000'], ['S14', 'normal', '144.0000'],
  ]);
  assert.deepEqual(s.ungrouped, [{ setl_id: 'S12', fixmedins_code: 'H002', drg: '0000', fund_paid_fen: 210_000n }]);
  const inst = s.institutions.map((i) => ({
    code: i.fixmedins_code, coef: i.coefficient, points: i.points, pay: String(i.drg_payment_fen),
    paid: String(i.already_paid_fen), balance: String(i.balance_fen), ug: String(i.ungrouped_fund_paid_fen),
    types: [i.cases, i.normal_cases, i.high_cost_cases, i.low_cost_cases, i.ungrouped_cases],
  }));
  assert.deepEqual(inst, [
    { code: 'H001', coef: '1.1', points: '658.0000', pay: '10864814', paid: '11690000', balance: '-825186', ug: '0', types: [6, 5, 1, 0, 0] },
    { code: 'H002', coef: '1', points: '344.0000', pay: '5680085', paid: '4900000', balance: '780085', ug: '210000', types: [5, 4, 0, 1, 1] },
    { code: 'H003', coef: '0.9', points: '288.0000', pay: '4755420', paid: '4480000', balance: '275420', ug: '0', types: [2, 2, 0, 0, 0] },
  ]);
  const t = s.totals;
  assert.equal(String(t.budget_fen), '21300320');
  assert.equal(t.total_points, '1290.0000');
  assert.equal(t.point_value_fen, '16511.875969');
  assert.equal(t.point_value_yuan, '165.11875969');
  assert.equal(String(t.drg_payment_fen), '21300319');
  assert.equal(String(t.rounding_remainder_fen), '1');
  assert.equal(t.rounding_remainder_bound_fen, '1.500645');
  assert.equal(String(t.already_paid_fen), '21070000');
  assert.equal(String(t.balance_fen), '230319');
  assert.equal(String(t.ungrouped_fund_paid_fen), '210000');
  assert.deepEqual([t.cases, t.grouped_cases, t.normal_cases, t.high_cost_cases, t.low_cost_cases, t.ungrouped_cases], [14, 13, 11, 1, 1, 1]);
  assert.equal(s.params.high_cost_ratio, '2');
  assert.equal(s.params.last_year_budget_fen, 20_000_300n);
});

test('worked example: CMI and indicators', () => {
  const ind = computeIndicators(EXAMPLE, EXAMPLE_PARAMS);
  const h = Object.fromEntries(ind.institutions.map((i) => [i.fixmedins_code, i]));
  assert.deepEqual(ind.institutions.map((i) => i.cmi), ['0.9000', '0.7600', '1.6000']);
  assert.equal(ind.region.cmi, '0.9538');
  assert.equal(h.H001.cost_index, '1.2245');
  assert.equal(h.H001.time_index, '1.1770');
  assert.equal(ind.region.cost_index, '1.0000');
  assert.equal(ind.region.time_index, '1.0000');
  assert.equal(h.H002.ungrouped_rate, '0.1667');
  assert.equal(ind.region.ungrouped_rate, '0.0714');
  assert.equal(h.H001.cases_per_person, '1.2000');
  assert.equal(h.H001.persons, 5);
  assert.equal(h.H001.avg_los_days, '9.5000');
  assert.equal(h.H001.avg_cost_fen, '2783333.3333');
  assert.equal(h.H003.cmi, '1.6000');
  assert.equal(h.H002.cmi, '0.7600');
  assert.deepEqual(
    ind.departments.filter((d) => d.fixmedins_code === 'H001').map((d) => [d.code, d.grouped_cases, d.rw_sum, d.cmi]),
    [['D1', 4, '2.2000', '0.5500'], ['D2', 2, '3.2000', '1.6000']],
  );
  assert.deepEqual(ind.doctors.filter((d) => d.fixmedins_code === 'H002').map((d) => [d.code, d.cmi]), [['DR4', '0.5500'], ['DR5', '1.6000']]);
});

test('worked example: shadow run', () => {
  const s = settleDrg(EXAMPLE, EXAMPLE_PARAMS);
  const sh = shadowRun(s, EXAMPLE);
  assert.deepEqual(sh.institutions.map((i) => [i.fixmedins_code, i.ratio, String(i.difference_fen)]),
    [['H001', '0.9294', '-825186'], ['H002', '1.1592', '780085'], ['H003', '1.0615', '275420']]);
  assert.deepEqual(sh.winners.map((r) => r.fixmedins_code), ['H002', 'H003']);
  assert.deepEqual(sh.losers.map((r) => r.fixmedins_code), ['H001']);
  assert.deepEqual(sh.drgs.map((d) => [d.drg, d.points, String(d.drg_payment_fen), String(d.item_paid_fen), String(d.difference_fen)]), [
    ['ES31', '216.0000', '3566565', '3570000', '-3435'],
    ['FM13', '864.0000', '14266261', '14000000', '266261'],
    ['GZ15', '210.0000', '3467494', '3500000', '-32506'],
  ]);
  assert.deepEqual(sh.drg_winners.map((d) => d.drg), ['FM13']);
  assert.deepEqual(sh.drg_losers.map((d) => d.drg), ['GZ15', 'ES31']);
  assert.equal(sh.totals.drg_payment_fen, 21_300_319n);
  assert.equal(sh.totals.ungrouped_fund_paid_fen, 210_000n);
});

// ---- case type boundaries ----

// DRG X: 400 + 1 000 + 2 000 + 600 = 4 000 over 4 cases (< 5: untrimmed), average 1 000; overall average the same.
test('exactly high_cost_ratio × average is high cost, exactly low_cost_ratio × average is low cost', () => {
  const cases = [mk('A', 'H', 'X', 400), mk('B', 'H', 'X', 1000), mk('C', 'H', 'X', 2000), mk('D', 'H', 'X', 600)];
  const s = settleDrg(cases, { last_year_budget_fen: 1_000_000 });
  // RW 1, base 100: 400 → 100 × 0.4 = 40; 2 000 → 100 + (2 − 2) × 100 = 100.
  assert.deepEqual(s.cases.map((c) => [c.setl_id, c.case_type, c.points]),
    [['A', 'low', '40.0000'], ['B', 'normal', '100.0000'], ['C', 'high', '100.0000'], ['D', 'normal', '100.0000']]);
  // One fen inside each boundary: 401 + 1 000 + 1 999 + 600 = 4 000, same average.
  const inside = settleDrg([mk('A', 'H', 'X', 401), mk('B', 'H', 'X', 1000), mk('C', 'H', 'X', 1999), mk('D', 'H', 'X', 600)],
    { last_year_budget_fen: 1_000_000 });
  assert.deepEqual(inside.cases.map((c) => c.case_type), ['normal', 'normal', 'normal', 'normal']);
});

test('boundaries follow the configured ratios and are exact for non-terminating averages', () => {
  // A weight table where X averages 1 000 / 3 = 333.33…: with H = 3, 3 × avg = 1 000 exactly → high;
  // with L = 0.5, 0.5 × avg = 166.67 → 166 is low, 167 is not.
  const cases = [mk('A', 'H', 'X', 166), mk('B', 'H', 'X', 1000), mk('C', 'H', 'X', 0), mk('D', 'H', 'X', 167), mk('E', 'H', 'Y', 5000)];
  const table = computeWeights([mk('a', 'H', 'X', 0), mk('b', 'H', 'X', 0), mk('c', 'H', 'X', 1000), mk('d', 'H', 'Y', 5000)],
    { last_year_budget_fen: 1 });
  assert.equal(table.drgs[0].avg_cost_fen, '333.3333');
  const s = settleDrg(cases, { last_year_budget_fen: 1_000_000, high_cost_ratio: '3', low_cost_ratio: '0.5' }, table);
  assert.deepEqual(s.cases.map((c) => [c.setl_id, c.case_type]),
    [['A', 'low'], ['B', 'high'], ['C', 'low'], ['D', 'normal'], ['E', 'normal']]);
});

// ---- trimming ----

test('ratio trimming keeps both bounds inclusive and needs min_cases', () => {
  // 6 cases, sum 6 000, mean 1 000: bounds 300 and 3 000 exactly.
  const cases = [mk('1', 'H', 'X', 300), mk('2', 'H', 'X', 3000), mk('3', 'H', 'X', 200), mk('4', 'H', 'X', 1200), mk('5', 'H', 'X', 1000), mk('6', 'H', 'X', 300)];
  const w = computeWeights(cases, { last_year_budget_fen: 1 });
  const x = w.drgs[0];
  assert.equal(x.mean_cost_fen, '1000.0000');
  assert.deepEqual([x.trim, x.trim_low_fen, x.trim_high_fen, x.kept_cases, x.trimmed_cases], ['applied', '300.0000', '3000.0000', 5, 1]);
  assert.equal(x.kept_total_fen, 5800n); // only 200 < 300 is removed
  assert.equal(x.avg_cost_fen, '1160.0000');
  // With min_cases 7 the DRG is not trimmed.
  const w7 = computeWeights(cases, { last_year_budget_fen: 1, trim: { method: 'ratio', low: 0.3, high: 3, min_cases: 7 } });
  assert.deepEqual([w7.drgs[0].trim, w7.drgs[0].kept_cases, w7.drgs[0].avg_cost_fen], ['below_min_cases', 6, '1000.0000']);
});

test('percentile trimming interpolates linearly within the DRG', () => {
  // n = 6, p 0.05 → h = 0.25: P = 100 + 0.25 × 100 = 125; p 0.95 → h = 4.75: P = 500 + 0.75 × 9 500 = 7 625.
  const cases = [100, 200, 300, 400, 500, 10_000].map((f, i) => mk(`S${i}`, 'H', 'X', f));
  const w = computeWeights(cases, { last_year_budget_fen: 1, trim: { method: 'percentile', low: 0.05, high: 0.95 } });
  const x = w.drgs[0];
  assert.deepEqual([x.trim_low_fen, x.trim_high_fen, x.kept_cases, String(x.kept_total_fen), x.avg_cost_fen],
    ['125.0000', '7625.0000', 4, '1400', '350.0000']);
  assert.equal(x.rw, '1.0000'); // the only DRG
});

test('bounds that would remove every case leave the DRG untrimmed', () => {
  // mean 25, ratio bounds [7.5, 75]: 0, 0, 0 and 100 all outside.
  const cases = [0, 0, 0, 100].map((f, i) => mk(`S${i}`, 'H', 'X', f));
  const w = computeWeights(cases, { last_year_budget_fen: 1, trim: { method: 'ratio', low: 0.3, high: 3, min_cases: 4 } });
  assert.deepEqual([w.drgs[0].trim, w.drgs[0].kept_cases, w.drgs[0].avg_cost_fen], ['would_remove_all', 4, '25.0000']);
});

test('RW rounds half-up; base points are the rounded RW × scale, rounded to points_dp', () => {
  // A: 12 345 (1 case), B: 187 655 (1 case): overall 100 000. RW 0.12345 → 0.1235, 1.87655 → 1.8766.
  const w = computeWeights([mk('1', 'H', 'A', 12_345), mk('2', 'H', 'B', 187_655)], { last_year_budget_fen: 1 });
  assert.deepEqual(w.drgs.map((d) => [d.rw, d.base_points]), [['0.1235', '12.3500'], ['1.8766', '187.6600']]);
  const scaled = computeWeights([mk('1', 'H', 'A', 12_345), mk('2', 'H', 'B', 187_655)], { last_year_budget_fen: 1, base_points_scale: '3.33', rounding: { points_dp: 2 } });
  // 0.1235 × 3.33 = 0.411255 → 0.41; 1.8766 × 3.33 = 6.249078 → 6.25
  assert.deepEqual(scaled.drgs.map((d) => d.base_points), ['0.41', '6.25']);
});

// ---- institution coefficient ----

test('the coefficient scales normal points and the base part of high-cost points, not low-cost points', () => {
  // A fixed table: X average 1 000, RW 1, base 100.
  const table = computeWeights([mk('a', 'Z', 'X', 1000)], { last_year_budget_fen: 1 });
  const cases = [mk('N', 'H1', 'X', 1000), mk('H', 'H1', 'X', 2500), mk('L', 'H1', 'X', 250), mk('M', 'H2', 'X', 1000)];
  const s = settleDrg(cases, { last_year_budget_fen: 1_000_000, institution_coefficients: { H1: '1.2345' }, default_coefficient: '0.8' }, table);
  assert.deepEqual(s.cases.map((c) => [c.setl_id, c.case_type, c.points]), [
    ['H', 'high', '173.4500'], // 100 × 1.2345 + (2.5 − 2) × 100 = 123.45 + 50
    ['L', 'low', '25.0000'], //   100 × 0.25, no coefficient
    ['M', 'normal', '80.0000'], // default coefficient 0.8
    ['N', 'normal', '123.4500'],
  ]);
  assert.deepEqual(s.institutions.map((i) => [i.fixmedins_code, i.coefficient, i.points]), [['H1', '1.2345', '321.9000'], ['H2', '0.8', '80.0000']]);
});

test('case points round once, half-up, to points_dp', () => {
  // A fixed table: X average 3 fen, RW 1, base 100.
  const table = computeWeights([mk('a', 'Z', 'X', 3)], { last_year_budget_fen: 1 });
  const s = settleDrg([mk('L', 'H', 'X', 1), mk('K', 'H', 'X', 7)], { last_year_budget_fen: 1000 }, table);
  // 1 ≤ 1.2 → low: 33.3333; 7 ≥ 6 → high: 100 + (7/3 − 2) × 100 = 133.3333…
  assert.deepEqual(s.cases.map((c) => [c.setl_id, c.case_type, c.points]), [['K', 'high', '133.3333'], ['L', 'low', '33.3333']]);
  const s2 = settleDrg([mk('L', 'H', 'X', 2), mk('K', 'H', 'X', 8)], { last_year_budget_fen: 1000, low_cost_ratio: '0.9' }, table);
  // 2/3 → 66.6667 (half-up); 100 + (8/3 − 2) × 100 = 166.6667
  assert.deepEqual(s2.cases.map((c) => c.points), ['166.6667', '66.6667']);
  // coef 1.0000005: normal 100.00005 → 100.0001; high 100.00005 + 66.6666… = 166.66671… → 166.6667 (rounding
  // the two parts apart would give 100.0001 + 66.6667 = 166.6668).
  const s3 = settleDrg([mk('K', 'H', 'X', 8), mk('N', 'H', 'X', 3)], { last_year_budget_fen: 1000, institution_coefficients: { H: '1.0000005' } }, table);
  assert.deepEqual(s3.cases.map((c) => [c.case_type, c.points]), [['high', '166.6667'], ['normal', '100.0001']]);
});

// ---- rounding and reconciliation ----

test('payments reconcile to the budget up to the reported remainder, within its bound', () => {
  // Three institutions with one normal case each (RW 1 → 100 points): point value = budget / 300.
  const cases = [mk('1', 'H1', 'X', 1000), mk('2', 'H2', 'X', 1000), mk('3', 'H3', 'X', 1000)];
  const s = settleDrg(cases, { last_year_budget_fen: 1000, growth_cap: '0' });
  // 1 000 / 300 = 3.333333…; each 100 × 3.333333 = 333.3333 → 333; Σ 999, remainder 1.
  assert.equal(s.totals.point_value_fen, '3.333333');
  assert.deepEqual(s.institutions.map((i) => i.drg_payment_fen), [333n, 333n, 333n]);
  assert.equal(s.totals.rounding_remainder_fen, 1n);
  assert.equal(s.totals.rounding_remainder_bound_fen, '1.50015');
  // 2 000 / 300 = 6.666667 (rounded up): 666.6667 → 667 each; Σ 2 001, remainder −1.
  const up = settleDrg(cases, { last_year_budget_fen: 2000, growth_cap: 0 });
  assert.equal(up.totals.point_value_fen, '6.666667');
  assert.equal(up.totals.rounding_remainder_fen, -1n);
  // The budget itself rounds half-up: 3 × 1.5 = 4.5 → 5.
  assert.equal(settleDrg(cases, { last_year_budget_fen: 3, growth_cap: 0.5 }).totals.budget_fen, 5n);
  // Point value in other places: 1 000 / 300 to 2 places.
  const p2 = settleDrg(cases, { last_year_budget_fen: 1000, growth_cap: 0, rounding: { point_value_dp: 2 } });
  assert.equal(p2.totals.point_value_fen, '3.33');
  assert.equal(p2.totals.point_value_yuan, '0.0333');
});

test('using a base period table: every DRG must be in it', () => {
  const table = computeWeights([mk('a', 'Z', 'X', 1000)], { last_year_budget_fen: 1 });
  assert.throws(() => settleDrg([mk('1', 'H', 'X', 1000), mk('2', 'H', 'Q', 10), mk('3', 'H', 'P', 10)], { last_year_budget_fen: 1 }, table),
    (e: unknown) => e instanceof DrgInputError && /DRG P, Q/.test(e.message));
});

// ---- input and parameter validation ----

test('parameter defaults and validation errors that name the field', () => {
  const p = parseDrgParams({ last_year_budget_fen: '123' });
  assert.deepEqual(p.trim, { method: 'ratio', low: '0.3', high: '3', min_cases: 5 });
  assert.deepEqual([p.base_points_scale, p.default_coefficient, p.high_cost_ratio, p.low_cost_ratio, p.growth_cap],
    ['100', '1', '2', '0.4', '0.065']);
  assert.deepEqual(p.rounding, { rw_dp: 4, points_dp: 4, point_value_dp: 6, indicator_dp: 4 });
  assert.equal(p.last_year_budget_fen, 123n);
  assert.deepEqual(parseDrgParams(p), p); // idempotent

  const fails = (input: unknown, path: string, msg: RegExp) => {
    assert.throws(() => parseDrgParams(input), (e: unknown) => {
      assert.ok(e instanceof DrgParamsError, String(e));
      const issue = e.issues.find((i) => i.path === path);
      assert.ok(issue, `no issue for ${path} in ${e.message}`);
      assert.match(issue.message, msg);
      assert.ok(e.message.includes(path));
      return true;
    });
  };
  fails({}, 'last_year_budget_fen', /required/);
  fails({ last_year_budget_fen: 1.5 }, 'last_year_budget_fen', /integer/);
  fails({ last_year_budget_fen: 0 }, 'last_year_budget_fen', /greater than 0/);
  fails({ last_year_budget_fen: 1, trim: { method: 'ratio', low: 1.3, high: 3 } }, 'trim.low', /between 0 and 1/);
  fails({ last_year_budget_fen: 1, trim: { method: 'ratio', low: 0.3, high: 0.9 } }, 'trim.high', /at least 1/);
  fails({ last_year_budget_fen: 1, trim: { method: 'percentile', low: 0.9, high: 0.1 } }, 'trim.high', /greater than trim.low/);
  fails({ last_year_budget_fen: 1, trim: { method: 'median', low: 0.1, high: 0.9 } }, 'trim.method', /./);
  fails({ last_year_budget_fen: 1, trim: { method: 'ratio', low: 0.3, high: 3, min_cases: 0 } }, 'trim.min_cases', /./);
  fails({ last_year_budget_fen: 1, institution_coefficients: { H1: '-1' } }, 'institution_coefficients.H1', /greater than 0/);
  fails({ last_year_budget_fen: 1, default_coefficient: '1,2' }, 'default_coefficient', /decimal/);
  fails({ last_year_budget_fen: 1, high_cost_ratio: '0.5' }, 'high_cost_ratio', /at least 1/);
  fails({ last_year_budget_fen: 1, low_cost_ratio: 1 }, 'low_cost_ratio', /less than 1/);
  fails({ last_year_budget_fen: 1, growth_cap: -1 }, 'growth_cap', /greater than -1/);
  fails({ last_year_budget_fen: 1, base_points_scale: 0 }, 'base_points_scale', /greater than 0/);
  fails({ last_year_budget_fen: 1, rounding: { points_dp: 11 } }, 'rounding.points_dp', /./);
  fails({ last_year_budget_fen: 1, typo: 1 }, 'typo', /unknown field/);
  // The compute functions validate too.
  assert.throws(() => settleDrg([mk('1', 'H', 'X', 1)], { last_year_budget_fen: 1, growth_cap: 'x' } as never), DrgParamsError);
});

test('input errors name the settlement', () => {
  const P = { last_year_budget_fen: 1000 };
  const bad = (cases: DrgCase[], re: RegExp) => assert.throws(() => settleDrg(cases, P), (e: unknown) => e instanceof DrgInputError && re.test(e.message));
  bad([mk('1', 'H', 'X', 1), mk('1', 'H', 'X', 2)], /settlement 1 appears twice/);
  bad([mk('1', 'H', 'X', 1.5)], /settlement 1: total_fen must be an integer/);
  bad([mk('1', 'H', 'X', -1)], /settlement 1: total_fen is negative/);
  bad([mk('1', 'H', 'X', 1, { fund_paid_fen: 2 ** 53 })], /settlement 1: fund_paid_fen/);
  bad([mk('1', 'H', 'X', 1, { los_days: -1 })], /settlement 1: los_days/);
  bad([mk('1', 'H', 'X', 1, { drg: '0000' })], /settlement 1 is marked grouped/);
  bad([mk('1', 'H', 'X', 0)], /kept after trimming cost 0/);
  // Percentile bounds [0, 0.75] over costs 0 and 1 keep only the 0.
  assert.throws(() => computeWeights([mk('1', 'H', 'X', 0), mk('2', 'H', 'X', 1)],
    { last_year_budget_fen: 1, trim: { method: 'percentile', low: 0, high: 0.75, min_cases: 1 } }), /kept after trimming cost 0/);
  bad([mk('1', 'H', null, 10)], /no DRG points/);
  // bigint amounts are accepted.
  assert.equal(settleDrg([mk('1', 'H', 'X', 10, { total_fen: 10n, fund_paid_fen: 7n })], P).totals.already_paid_fen, 7n);
});

test('shadow run refuses cases that do not match the settlement; ties rank by code', () => {
  const cases = [mk('1', 'H2', 'X', 1000, { fund_paid_fen: 0 }), mk('2', 'H1', 'X', 1000, { fund_paid_fen: 0 }), mk('3', 'H3', 'X', 1000, { fund_paid_fen: 900_000 })];
  const s = settleDrg(cases, { last_year_budget_fen: 900_000, growth_cap: 0 });
  const sh = shadowRun(s, cases);
  // 300 000 each: H1 and H2 gain 300 000 (tie → by code), H3 loses 600 000.
  assert.deepEqual(sh.winners.map((r) => [r.fixmedins_code, String(r.difference_fen), r.ratio]), [['H1', '300000', null], ['H2', '300000', null]]);
  assert.deepEqual(sh.losers.map((r) => [r.fixmedins_code, String(r.difference_fen), r.ratio]), [['H3', '-600000', '0.3333']]);
  assert.throws(() => shadowRun(s, cases.slice(1)), DrgInputError);
  assert.throws(() => shadowRun(s, [cases[0], cases[1], mk('3', 'H3', 'X', 1000, { fund_paid_fen: 1 })]), /settlement 3 does not match/);
});

test('an institution without grouped cases has a zero payment and null CMI', () => {
  const cases = [mk('1', 'H1', 'X', 1000), mk('2', 'H2', null, 500, { fund_paid_fen: 400 })];
  const s = settleDrg(cases, { last_year_budget_fen: 1000, growth_cap: 0 });
  assert.deepEqual(s.institutions.map((i) => [i.fixmedins_code, i.points, i.drg_payment_fen, i.balance_fen, i.ungrouped_fund_paid_fen]),
    [['H1', '100.0000', 1000n, 300n, 0n], ['H2', '0.0000', 0n, 0n, 400n]]);
  const ind = computeIndicators(cases, { last_year_budget_fen: 1 });
  assert.deepEqual(ind.institutions.map((i) => [i.cmi, i.cost_index, i.ungrouped_rate]), [['1.0000', '1.0000', '0.0000'], [null, null, '1.0000']]);
});
