import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// A stay with one bed line (100.00) whose settlement pays `fund` from the fund.
function stay(r: RegionBuilder, psn: string, inst: string, begin: string, end: string,
  o: { fund?: string; med_type?: string; vali_flag?: string } = {}): Visit {
  const v = r.visit({ psn, inst, med_type: o.med_type ?? '21', begin, end, diag: ['J18.900'], fund_pay: o.fund ?? '80.00',
    vali_flag: o.vali_flag });
  v.line({ code: '001109000010000', name: '普通病房床位费', cnt: 1, pric: '100', time: begin, med_chrgitm_type: '01' });
  return v;
}

export const table: CaseTable = {
  rule_id: 'overlapping_inpatient',
  cases: [
    {
      name: 'a second stay at another hospital admitted inside the first is flagged with its fund payment',
      build: (r) => {
        stay(r, 'P1', 'H1', '2023-03-01', '2023-03-09', { fund: '500.00' });
        const b = stay(r, 'P1', 'H2', '2023-03-05', '2023-03-11', { fund: '1234.56' });
        return [{ psn_no: 'P1', mdtrt_id: b.mdtrt_id, amount: '1234.56', occurred_at: '2023-03-05',
          message: '2023-03-01至2023-03-09在机构H1住院期间，又于2023-03-05在机构H2入院（2023-03-05至2023-03-11），住院时间重叠4天' }];
      },
    },
    {
      name: 'an overlap of exactly one day (min_overlap_days=1) fires',
      build: (r) => {
        stay(r, 'P2', 'H1', '2023-03-01', '2023-03-06');
        const b = stay(r, 'P2', 'H2', '2023-03-05', '2023-03-10', { fund: '300.00' });
        return [{ mdtrt_id: b.mdtrt_id, amount: '300.00', message: '重叠1天' }];
      },
    },
    {
      name: 'a transfer admitted at the next hospital on the discharge day overlaps 0 days and does not fire',
      build: (r) => {
        stay(r, 'P3', 'H1', '2023-03-01', '2023-03-06');
        stay(r, 'P3', 'H2', '2023-03-06', '2023-03-10');
        return [];
      },
    },
    {
      name: 'with min_overlap_days=2 a one-day overlap does not fire, a two-day overlap does',
      params: { min_overlap_days: 2 },
      build: (r) => {
        stay(r, 'P4', 'H1', '2023-03-01', '2023-03-06');
        stay(r, 'P4', 'H2', '2023-03-05', '2023-03-10');
        stay(r, 'P5', 'H1', '2023-03-01', '2023-03-06');
        const b = stay(r, 'P5', 'H2', '2023-03-04', '2023-03-10', { fund: '66.60' });
        return [{ psn_no: 'P5', mdtrt_id: b.mdtrt_id, amount: '66.60', message: '重叠2天' }];
      },
    },
    {
      name: 'overlapping stays at the same institution, of different persons, or with an outpatient visit do not fire',
      build: (r) => {
        stay(r, 'P6', 'H1', '2023-03-01', '2023-03-09');
        stay(r, 'P6', 'H1', '2023-03-05', '2023-03-11');
        stay(r, 'P7', 'H1', '2023-03-01', '2023-03-09');
        stay(r, 'P8', 'H2', '2023-03-05', '2023-03-11');
        stay(r, 'P9', 'H1', '2023-03-01', '2023-03-09');
        stay(r, 'P9', 'H2', '2023-03-05', '2023-03-07', { med_type: '11' });
        return [];
      },
    },
    {
      name: 'a regional inpatient sub-code (2101) counts; a nested stay and a third stay are each flagged once',
      build: (r) => {
        stay(r, 'PA', 'H1', '2023-04-01', '2023-04-20');
        const b = stay(r, 'PA', 'H2', '2023-04-05', '2023-04-08', { med_type: '2101', fund: '10.00' });
        const c = stay(r, 'PA', 'H3', '2023-04-07', '2023-04-15', { fund: '20.00' });
        return [
          { mdtrt_id: b.mdtrt_id, amount: '10.00', occurred_at: '2023-04-05' },
          { mdtrt_id: c.mdtrt_id, amount: '20.00', occurred_at: '2023-04-07', message: '重叠8天' },
        ];
      },
    },
    {
      name: 'a refunded or void second stay is never flagged',
      build: (r) => {
        stay(r, 'PB', 'H1', '2023-03-01', '2023-03-09');
        r.refund(stay(r, 'PB', 'H2', '2023-03-05', '2023-03-11'));
        stay(r, 'PB', 'H3', '2023-03-04', '2023-03-08', { vali_flag: '0' });
        return [];
      },
    },
    {
      name: 'a second stay admitted before the audit period is cut',
      from: '2023-03-06',
      build: (r) => {
        stay(r, 'PC', 'H1', '2023-03-01', '2023-03-09');
        stay(r, 'PC', 'H2', '2023-03-05', '2023-03-11');
        return [];
      },
    },
  ],
};
