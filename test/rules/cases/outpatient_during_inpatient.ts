import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

function stay(r: RegionBuilder, psn: string, inst: string, begin: string, end: string): Visit {
  const v = r.visit({ psn, inst, med_type: '21', begin, end, diag: ['J18.900'] });
  v.line({ code: '001109000010000', name: '普通病房床位费', cnt: 1, pric: '100', time: begin, med_chrgitm_type: '01' });
  return v;
}

// A one-day outpatient (or pharmacy, med_type 41) visit with one drug line; fund = 20.00 unless given.
function otp(r: RegionBuilder, psn: string, inst: string, day: string, o: { med_type?: string; fund?: string;
  setl_time?: string } = {}): Visit {
  const v = r.visit({ psn, inst, med_type: o.med_type ?? '11', begin: day, fund_pay: o.fund ?? '20.00',
    setl_extra: o.setl_time ? { setl_time: o.setl_time } : undefined });
  v.line({ code: 'XL02BBA326A001010102180', name: '阿帕他胺片', cnt: 1, pric: '25', time: day });
  return v;
}

export const table: CaseTable = {
  rule_id: 'outpatient_during_inpatient',
  cases: [
    {
      name: 'a pharmacy purchase on day 3 of a stay is flagged with its fund payment',
      build: (r) => {
        stay(r, 'P1', 'H1', '2023-03-01', '2023-03-08');
        const o = otp(r, 'P1', 'P0001', '2023-03-03', { med_type: '41', fund: '18.75' });
        return [{ psn_no: 'P1', mdtrt_id: o.mdtrt_id, amount: '18.75', occurred_at: '2023-03-03',
          message: '2023-03-01至2023-03-08在机构H1住院期间，于2023-03-03在机构P0001发生定点药店购药结算' }];
      },
    },
    {
      name: 'boundaries: the day after admission and the day before discharge fire; admission and discharge days do not',
      build: (r) => {
        stay(r, 'P2', 'H1', '2023-03-01', '2023-03-08');
        otp(r, 'P2', 'H2', '2023-03-01');
        const a = otp(r, 'P2', 'H2', '2023-03-02', { fund: '11.00' });
        const b = otp(r, 'P2', 'H3', '2023-03-07', { fund: '12.00' });
        otp(r, 'P2', 'P0001', '2023-03-08', { med_type: '41' });
        return [
          { mdtrt_id: a.mdtrt_id, amount: '11.00', occurred_at: '2023-03-02', message: '发生门诊结算' },
          { mdtrt_id: b.mdtrt_id, amount: '12.00', occurred_at: '2023-03-07' },
        ];
      },
    },
    {
      name: 'an outpatient settlement at the same hospital during the stay also fires',
      build: (r) => {
        stay(r, 'P3', 'H1', '2023-05-10', '2023-05-20');
        const o = otp(r, 'P3', 'H1', '2023-05-15', { med_type: '13', fund: '99.99' });
        return [{ mdtrt_id: o.mdtrt_id, amount: '99.99' }];
      },
    },
    {
      name: 'visits before or after a stay, of another person, or during a one-night stay do not fire',
      build: (r) => {
        stay(r, 'P4', 'H1', '2023-03-01', '2023-03-08');
        otp(r, 'P4', 'H2', '2023-02-28');
        otp(r, 'P4', 'H2', '2023-03-09');
        otp(r, 'P5', 'H2', '2023-03-04');
        stay(r, 'P6', 'H1', '2023-03-01', '2023-03-02');
        otp(r, 'P6', 'P0001', '2023-03-01', { med_type: '41' });
        otp(r, 'P6', 'P0001', '2023-03-02', { med_type: '41' });
        return [];
      },
    },
    {
      name: 'the settlement date counts: a visit begun on the admission day but settled inside the stay fires',
      build: (r) => {
        stay(r, 'P7', 'H1', '2023-03-01', '2023-03-08');
        const o = otp(r, 'P7', 'H2', '2023-03-01', { setl_time: '2023-03-03 10:00:00', fund: '7.00' });
        return [{ mdtrt_id: o.mdtrt_id, amount: '7.00', occurred_at: '2023-03-03' }];
      },
    },
    {
      name: 'a refunded outpatient visit, a void one, and a visit inside a refunded stay are not flagged',
      build: (r) => {
        stay(r, 'P8', 'H1', '2023-03-01', '2023-03-08');
        r.refund(otp(r, 'P8', 'H2', '2023-03-04'));
        const v = r.visit({ psn: 'P8', inst: 'H2', begin: '2023-03-05', vali_flag: '0' });
        v.line({ code: 'XL02BBA326A001010102180', cnt: 1, pric: '25', time: '2023-03-05' });
        r.refund(stay(r, 'P9', 'H1', '2023-03-01', '2023-03-08'));
        otp(r, 'P9', 'H2', '2023-03-04');
        return [];
      },
    },
  ],
};
