import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

const COUGH = 'XR05DAF012A001010100166';
const CT = '002101020020000';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

/** A pharmacy purchase (41) or outpatient visit (11) with one line of the given amount. */
function spend(r: RegionBuilder, psn: string, day: string, amount: string, o: { inst?: string; fund_pay?: string } = {}): Visit {
  const inst = o.inst ?? 'P1';
  const v = r.visit({ psn, inst, begin: day, med_type: inst.startsWith('P') ? '41' : '11', fund_pay: o.fund_pay });
  v.line({ code: inst.startsWith('P') ? COUGH : CT, pric: amount, time: day });
  return v;
}

/** Baseline purchases of 4.20 on the given days, then a stay at H1 from adm to dscg. */
function history(r: RegionBuilder, psn: string, baseDays: string[], adm: string, dscg: string, base = '4.20'): void {
  for (const d of baseDays) spend(r, psn, d, base);
  r.visit({ psn, inst: 'H1', med_type: '21', begin: adm, end: dscg }).line({ code: CT, pric: '300', time: adm });
}

const BASE = ['2023-03-01', '2023-03-09', '2023-03-17'];

export const table: CaseTable = {
  rule_id: 'cost_shifting',
  cases: [
    {
      name: 'tests at the same hospital two days after discharge, far above the person\'s usual spending, are flagged',
      build: (r) => {
        history(r, 'P1', BASE, '2023-03-25', '2023-03-31');
        const v = spend(r, 'P1', '2023-04-02', '875.00', { inst: 'H1', fund_pay: '612.50' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, amount: '612.50', occurred_at: '2023-04-02',
          message: '出院后第2天（2023-04-02）在机构H1门诊费用875.00元，为本人基线4.20元（此前180天内3次门诊/购药费用中位数）的208.3倍' }];
      },
    },
    {
      name: 'once the stay is grouped, the message names its DRG',
      build: (r) => {
        history(r, 'P1', BASE, '2023-03-25', '2023-03-31');
        r.drg(r.visits[r.visits.length - 1], { drg: 'ES35' });
        const v = spend(r, 'P1', '2023-04-02', '875.00', { inst: 'H1', fund_pay: '612.50' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, amount: '612.50', occurred_at: '2023-04-02',
          message: '超过5倍；住院2023-03-25至2023-03-31（机构H1，DRG：ES35）' }];
      },
    },
    {
      name: 'window edges: day 7 before admission and day 7 after discharge fire, day 8 does not',
      build: (r) => {
        history(r, 'P2', BASE, '2023-03-25', '2023-03-31');
        const a = spend(r, 'P2', '2023-03-18', '800.00', { inst: 'H2' });
        history(r, 'P3', BASE, '2023-03-26', '2023-03-31');
        spend(r, 'P3', '2023-03-18', '800.00', { inst: 'H2' });
        history(r, 'P4', BASE, '2023-03-25', '2023-03-31');
        const b = spend(r, 'P4', '2023-04-07', '800.00', { inst: 'H2' });
        history(r, 'P5', BASE, '2023-03-25', '2023-03-31');
        spend(r, 'P5', '2023-04-08', '800.00', { inst: 'H2' });
        return [{ mdtrt_id: a.mdtrt_id, amount: '800.00', message: '入院前第7天' },
          { mdtrt_id: b.mdtrt_id, amount: '800.00', message: '出院后第7天' }];
      },
    },
    {
      name: 'visits on the admission or discharge day or inside the stay are not judged here',
      build: (r) => {
        history(r, 'P6', BASE, '2023-03-25', '2023-03-31');
        spend(r, 'P6', '2023-03-25', '900.00', { inst: 'H2' });
        spend(r, 'P6', '2023-03-28', '900.00', { inst: 'H2' });
        spend(r, 'P6', '2023-03-31', '900.00', { inst: 'H2' });
        return [];
      },
    },
    {
      name: 'factor edge: exactly 5× the baseline is not flagged, above it is',
      build: (r) => {
        history(r, 'P7', BASE, '2023-03-25', '2023-03-31', '120.00');
        spend(r, 'P7', '2023-04-01', '600.00', { inst: 'H2' });
        history(r, 'P8', BASE, '2023-03-25', '2023-03-31', '120.00');
        const v = spend(r, 'P8', '2023-04-01', '600.01', { inst: 'H2' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '600.01' }];
      },
    },
    {
      name: 'minimum amount edge: 499.99 is not flagged however low the baseline, 500.00 is',
      build: (r) => {
        history(r, 'P9', BASE, '2023-03-25', '2023-03-31');
        spend(r, 'P9', '2023-04-01', '499.99', { inst: 'H2' });
        history(r, 'P10', BASE, '2023-03-25', '2023-03-31');
        const v = spend(r, 'P10', '2023-04-01', '500.00', { inst: 'H2' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '500.00' }];
      },
    },
    {
      name: 'no baseline: fewer than 3 visits, or earlier visits only around another stay or long ago, are not judged',
      build: (r) => {
        history(r, 'P11', BASE.slice(0, 2), '2023-03-25', '2023-03-31');
        spend(r, 'P11', '2023-04-01', '900.00', { inst: 'H2' });
        // Earlier purchases all fall within 7 days of a January stay.
        history(r, 'P12', ['2023-01-03', '2023-01-05', '2023-01-20'], '2023-01-08', '2023-01-15');
        r.visit({ psn: 'P12', inst: 'H1', med_type: '21', begin: '2023-03-25', end: '2023-03-31' }).line({ code: CT, time: '2023-03-25' });
        spend(r, 'P12', '2023-04-01', '900.00', { inst: 'H2' });
        // Baseline purchases 181+ days before.
        history(r, 'P13', ['2022-09-01', '2022-09-10', '2022-09-20'], '2023-03-25', '2023-03-31');
        spend(r, 'P13', '2023-04-01', '900.00', { inst: 'H2' });
        return [];
      },
    },
    {
      name: 'a refunded or void large visit is not flagged; a partly returned one counts its net spending',
      build: (r) => {
        history(r, 'P14', BASE, '2023-03-25', '2023-03-31');
        r.refund(spend(r, 'P14', '2023-04-01', '900.00', { inst: 'H2' }));
        r.visit({ psn: 'P14', inst: 'H2', begin: '2023-04-02', vali_flag: '0' }).line({ code: CT, pric: '900', time: '2023-04-02' });
        const v = r.visit({ psn: 'P14', inst: 'H2', begin: '2023-04-03' });
        const l = v.line({ code: CT, cnt: 3, pric: '200', time: '2023-04-03' });
        v.line({ code: CT, cnt: 2, pric: '200', time: '2023-04-03', returnOf: l });
        return [];
      },
    },
    {
      name: 'parameters: 3 days before admission, a factor of 100 and no minimum amount',
      params: { days_before: 3, factor: 100, min_amount: 0 },
      build: (r) => {
        history(r, 'P15', BASE, '2023-03-25', '2023-03-31');
        spend(r, 'P15', '2023-03-21', '800.00', { inst: 'H2' });
        const v = spend(r, 'P15', '2023-03-22', '421.00', { inst: 'H2' });
        spend(r, 'P15', '2023-04-01', '420.00', { inst: 'H2' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '421.00', message: '超过100倍' }];
      },
    },
  ],
};
