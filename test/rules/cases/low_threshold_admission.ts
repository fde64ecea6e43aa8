import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

const BED = { code: '001109000010000', name: '普通病房床位费', med_chrgitm_type: '01', pric: '40' };
const NURSING = { code: '001104000020000', name: '二级护理', med_chrgitm_type: '07', pric: '25' };
const ECHO = { code: '002202010020000', name: '心脏彩色多普勒超声', med_chrgitm_type: '03' };
const LIPID = { code: '002503030010000', name: '血脂四项测定', med_chrgitm_type: '04', pric: '35' };
const INFUSION = { code: '001201000020000', name: '静脉输液', med_chrgitm_type: '05', pric: '10' };

/** A check-up stay from 2023-03-01 lasting `los` days: bed + nursing (65.00), lipids (35.00) and an echo at `echo` yuan. */
function checkup(r: RegionBuilder, psn: string, los: number, echo = '200', o: { fund?: string; med_type?: string } = {}): Visit {
  const end = `2023-03-0${1 + los}`;
  const v = r.visit({ psn, inst: 'H1', med_type: o.med_type ?? '21', begin: '2023-03-01', end, diag: ['E78.500'],
    fund_pay: o.fund });
  v.line({ ...BED, time: '2023-03-01' });
  v.line({ ...NURSING, time: '2023-03-01' });
  v.line({ ...LIPID, time: '2023-03-01' });
  v.line({ ...ECHO, pric: echo, time: '2023-03-02' });
  return v;
}

export const table: CaseTable = {
  rule_id: 'low_threshold_admission',
  cases: [
    {
      name: 'a 2-day stay of only tests and checks costing 300.00 is flagged with its fund payment',
      build: (r) => {
        const v = checkup(r, 'P1', 2, '200', { fund: '240.00' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '240.00', occurred_at: '2023-03-03',
          message: '住院2天（2023-03-01至2023-03-03），医疗费用300.00元，仅有检查化验' }];
      },
    },
    {
      name: 'once grouped, the message names the stay\'s DRG',
      build: (r) => {
        const v = r.drg(checkup(r, 'P1', 2, '200', { fund: '240.00' }), { drg: 'KT15' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, amount: '240.00',
          message: '住院2天（2023-03-01至2023-03-03），医疗费用300.00元，仅有检查化验及床位、诊查、护理等费用，无治疗、手术和药品（DRG：KT15）' }];
      },
    },
    {
      name: 'boundary on max_los: 3 days fire, 4 days do not',
      build: (r) => {
        const v = checkup(r, 'P2', 3, '200', { fund: '33.00' });
        checkup(r, 'P3', 4);
        return [{ psn_no: 'P2', mdtrt_id: v.mdtrt_id, amount: '33.00', message: '住院3天' }];
      },
    },
    {
      name: 'boundary on max_cost: exactly 2000.00 fires, 2000.01 does not',
      build: (r) => {
        const v = checkup(r, 'P4', 1, '1900', { fund: '1800.00' });
        checkup(r, 'P5', 1, '1900.01');
        return [{ psn_no: 'P4', mdtrt_id: v.mdtrt_id, amount: '1800.00', message: '医疗费用2000.00元' }];
      },
    },
    {
      name: 'a treatment, a drug or no test at all: not a check-only stay',
      build: (r) => {
        checkup(r, 'P6', 2).line({ ...INFUSION, time: '2023-03-02' });
        checkup(r, 'P7', 2).line({ code: 'XL02BBA326A001010102180', name: '阿帕他胺片', time: '2023-03-02' });
        const v = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-02' });
        v.line({ ...BED, time: '2023-03-01' });
        v.line({ ...NURSING, time: '2023-03-01' });
        return [];
      },
    },
    {
      name: 'a fully returned infusion and a partly returned echo are netted before judging; outpatient and refunded visits are not judged',
      build: (r) => {
        const v = checkup(r, 'P9', 2, '1000', { fund: '50.00' });
        const i = v.line({ ...INFUSION, time: '2023-03-02' });
        v.line({ ...INFUSION, time: '2023-03-02 12:00:00', returnOf: i });
        const e = v.line({ ...ECHO, cnt: 2, pric: '500', time: '2023-03-02' });
        v.line({ ...ECHO, cnt: 1, pric: '500', time: '2023-03-02 12:00:00', returnOf: e });
        checkup(r, 'PA', 0, '200', { med_type: '11' });
        r.refund(checkup(r, 'PB', 2));
        return [{ psn_no: 'P9', mdtrt_id: v.mdtrt_id, amount: '50.00', message: '医疗费用1600.00元' }];
      },
    },
  ],
};
