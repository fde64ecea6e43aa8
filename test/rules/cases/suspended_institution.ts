import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

/** H2: suspended (中止) 2023-05-01 … 2023-06-30, active before and after. P9: terminated (解除) from 2023-08-01. */
function agreements(r: RegionBuilder): void {
  r.institution('H2', { name: '江源济民医院', periods: [
    { status: '1', begin: '2020-01-01', end: '2023-04-30' },
    { status: '2', begin: '2023-05-01', end: '2023-06-30' },
    { status: '1', begin: '2023-07-01' },
  ] });
  r.institution('P9', { name: '康源大药房', type: '2', periods: [
    { status: '1', begin: '2020-01-01', end: '2023-07-31' },
    { status: '3', begin: '2023-08-01' },
  ] });
}

function otp(r: RegionBuilder, psn: string, inst: string, day: string, pric = '30'): Visit {
  const v = r.visit({ psn, inst, med_type: inst.startsWith('P') ? '41' : '11', begin: day });
  v.line({ code: 'XJ01CAA040E001010102433', pric, time: day });
  return v;
}

export const table: CaseTable = {
  rule_id: 'suspended_institution',
  cases: [
    {
      name: 'a settlement during the suspension is flagged with the visit\'s fund payment',
      build: (r) => {
        agreements(r);
        const v = otp(r, 'P1', 'H2', '2023-05-03', '45.5');
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '45.50', occurred_at: '2023-05-03',
          message: '江源济民医院医保协议自2023-05-01起中止（至2023-06-30），2023-05-03仍发生医保结算，基金支付45.50元' }];
      },
    },
    {
      name: 'the first and last day of the suspension fire; the day before and the day after do not',
      build: (r) => {
        agreements(r);
        otp(r, 'P2', 'H2', '2023-04-30');
        const a = otp(r, 'P2', 'H2', '2023-05-01');
        const b = otp(r, 'P2', 'H2', '2023-06-30');
        otp(r, 'P2', 'H2', '2023-07-01');
        return [{ mdtrt_id: a.mdtrt_id, amount: '30.00' }, { mdtrt_id: b.mdtrt_id, amount: '30.00' }];
      },
    },
    {
      name: 'a terminated pharmacy: from the termination day on (open period) every settlement fires',
      build: (r) => {
        agreements(r);
        otp(r, 'P3', 'P9', '2023-07-31');
        const a = otp(r, 'P3', 'P9', '2023-08-01');
        const b = otp(r, 'P3', 'P9', '2023-12-20');
        return [{ mdtrt_id: a.mdtrt_id, amount: '30.00', message: '康源大药房医保协议已于2023-08-01解除' },
          { mdtrt_id: b.mdtrt_id, amount: '30.00' }];
      },
    },
    {
      name: 'the settlement date decides: a stay admitted before the suspension and settled in it fires, the reverse does not',
      build: (r) => {
        agreements(r);
        const v = r.visit({ psn: 'P4', inst: 'H2', med_type: '21', begin: '2023-04-25', end: '2023-05-02' });
        v.line({ code: '001102000050000', cnt: 7, pric: '20', time: '2023-04-25' });
        r.visit({ psn: 'P4', inst: 'H2', med_type: '21', begin: '2023-06-28', end: '2023-07-03' })
          .line({ code: '001102000050000', cnt: 5, pric: '20', time: '2023-06-28' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '140.00', occurred_at: '2023-05-02' }];
      },
    },
    {
      name: 'refunded and void settlements during the suspension are not flagged; institutions without a status row neither',
      build: (r) => {
        agreements(r);
        r.refund(otp(r, 'P5', 'H2', '2023-05-10'));
        r.visit({ psn: 'P5', inst: 'H2', begin: '2023-05-11', vali_flag: '0' }).line({ code: '001101000010000', time: '2023-05-11' });
        r.institution('H7', { periods: [{ status: '2', begin: '2024-01-01' }] });
        otp(r, 'P5', 'H7', '2023-05-12');
        return [];
      },
    },
  ],
};
