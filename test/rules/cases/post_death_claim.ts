import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

const BED = { code: '001109000010000', name: '普通病房床位费', med_chrgitm_type: '01' };

// A one-day visit with one drug line; fund = 30.00 unless given.
function otp(r: RegionBuilder, psn: string, inst: string, day: string, o: { med_type?: string; fund?: string } = {}): Visit {
  const v = r.visit({ psn, inst, med_type: o.med_type ?? '11', begin: day, fund_pay: o.fund ?? '30.00' });
  v.line({ code: 'XL02BBA326A001010102180', name: '阿帕他胺片', cnt: 1, pric: '40', time: day });
  return v;
}

export const table: CaseTable = {
  rule_id: 'post_death_claim',
  cases: [
    {
      name: 'a pharmacy purchase five days after death is flagged with the visit\'s fund payment',
      build: (r) => {
        r.person('P1', { die_date: '2023-03-05' });
        const v = otp(r, 'P1', 'P0001', '2023-03-10', { med_type: '41', fund: '36.50' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '36.50', occurred_at: '2023-03-10',
          message: '参保人已于2023-03-05死亡，2023-03-10仍在机构P0001就医结算' }];
      },
    },
    {
      name: 'boundary: a visit on the death day fires (on or after), the day before does not',
      build: (r) => {
        r.person('P2', { die_date: '2023-03-05' });
        otp(r, 'P2', 'H1', '2023-03-04');
        const v = otp(r, 'P2', 'H1', '2023-03-05', { fund: '12.00' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '12.00', occurred_at: '2023-03-05' }];
      },
    },
    {
      name: 'grace_days=1: the death day is allowed, the day after fires',
      params: { grace_days: 1 },
      build: (r) => {
        r.person('P3', { die_date: '2023-03-05' });
        otp(r, 'P3', 'H1', '2023-03-05');
        const v = otp(r, 'P3', 'H1', '2023-03-06', { fund: '13.00' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '13.00', occurred_at: '2023-03-06' }];
      },
    },
    {
      name: 'a stay under way at death: death-day lines are allowed, later lines are flagged with their fund amount',
      build: (r) => {
        r.person('P4', { die_date: '2023-03-05' });
        const s = r.visit({ psn: 'P4', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-07', dscg_way: '5' });
        s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-04' });
        s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-05' });
        const a = s.line({ ...BED, cnt: 1, pric: '50', ownpay: '5', time: '2023-03-06' });
        const b = s.line({ code: '001201000020000', name: '静脉输液', cnt: 2, pric: '10', time: '2023-03-07 09:00:00' });
        return [{ mdtrt_id: s.mdtrt_id, bkkp_sn: [a, b], amount: '65.00', occurred_at: '2023-03-06', message: '死亡后明细2条' }];
      },
    },
    {
      name: 'a stay ending on the death day with every fee before or on it does not fire',
      build: (r) => {
        r.person('P5', { die_date: '2023-03-05' });
        const s = r.visit({ psn: 'P5', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05', dscg_way: '5' });
        s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-04' });
        s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-05' });
        return [];
      },
    },
    {
      name: 'without a death date in psn_info the death recorded on a visit counts',
      build: (r) => {
        r.person('P6');
        r.visit({ psn: 'P6', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05', dscg_way: '5',
          extra: { die_date: '2023-03-05' } }).line({ ...BED, time: '2023-03-02' });
        const v = otp(r, 'P6', 'P0001', '2023-03-20', { med_type: '41', fund: '8.00' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '8.00' }];
      },
    },
    {
      name: 'a living person, a refunded or void post-death visit and a fully returned post-death line are not flagged',
      build: (r) => {
        r.person('P7');
        otp(r, 'P7', 'H1', '2023-03-05');
        r.person('P8', { die_date: '2023-03-05' });
        r.refund(otp(r, 'P8', 'H1', '2023-03-08'));
        const w = r.visit({ psn: 'P8', inst: 'H1', begin: '2023-03-09', vali_flag: '0' });
        w.line({ code: 'XL02BBA326A001010102180', time: '2023-03-09' });
        const s = r.visit({ psn: 'P8', inst: 'H2', med_type: '21', begin: '2023-03-01', end: '2023-03-07' });
        s.line({ ...BED, time: '2023-03-02' });
        const b = s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-06' });
        s.line({ ...BED, cnt: 1, pric: '50', time: '2023-03-06', returnOf: b });
        return [];
      },
    },
  ],
};
