import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

const BED = { code: '001109000010000', name: '普通病房床位费', med_chrgitm_type: '01', pric: '40' };
const CONSULT = { code: '001102000050000', name: '住院诊查费', med_chrgitm_type: '02', pric: '20' };
const NURSING = { code: '001104000020000', name: '二级护理', med_chrgitm_type: '07', pric: '25' };
const INFUSION = { code: '001201000020000', name: '静脉输液', med_chrgitm_type: '05', pric: '10' };

const day = (begin: string, k: number) => new Date(Date.parse(begin) + k * 86400000).toISOString().slice(0, 10);

/**
 * A stay of `days` calendar days from `begin`: bed, 诊查 and nursing every day, an infusion on every day
 * whose offset is not in `idle`. Returns the visit; fund defaults to the lines' sum.
 */
function ward(r: RegionBuilder, psn: string, begin: string, days: number, idle: number[],
  o: { fund?: string; med_type?: string } = {}): Visit {
  const v = r.visit({ psn, inst: 'H1', med_type: o.med_type ?? '21', begin, end: day(begin, days - 1), diag: ['I10.x00x002'],
    fund_pay: o.fund });
  for (let k = 0; k < days; k++) {
    const t = day(begin, k);
    for (const l of [BED, CONSULT, NURSING]) v.line({ ...l, time: t });
    if (!idle.includes(k)) v.line({ ...INFUSION, time: `${t} 11:00:00` });
  }
  return v;
}

export const table: CaseTable = {
  rule_id: 'ghost_bed_stay',
  cases: [
    {
      name: 'a 10-day stay with 4 days of only bed/诊查/nursing charges is flagged with the stay\'s fund payment',
      build: (r) => {
        const v = ward(r, 'P1', '2023-03-01', 10, [3, 4, 5, 6], { fund: '1500.00' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '1500.00', occurred_at: '2023-03-10',
          message: '住院10天（2023-03-01至2023-03-10）中有4天（2023-03-04、2023-03-05、2023-03-06、2023-03-07）仅收取床位费、诊查费、护理费' }];
      },
    },
    {
      name: 'boundary on idle_days: 3 idle days of 10 fire, 2 idle days of 10 (share 0.2) do not',
      build: (r) => {
        const v = ward(r, 'P2', '2023-03-01', 10, [2, 5, 8], { fund: '300.00' });
        ward(r, 'P3', '2023-03-01', 10, [2, 5]);
        return [{ psn_no: 'P2', mdtrt_id: v.mdtrt_id, amount: '300.00', message: '中有3天' }];
      },
    },
    {
      name: 'boundary on idle_share: 2 idle days of a 4-day stay (0.5) fire, 2 of a 5-day stay (0.4) do not',
      build: (r) => {
        const v = ward(r, 'P4', '2023-03-01', 4, [1, 2], { fund: '44.00' });
        ward(r, 'P5', '2023-03-01', 5, [1, 2]);
        return [{ psn_no: 'P4', mdtrt_id: v.mdtrt_id, amount: '44.00', message: '住院4天' }];
      },
    },
    {
      name: 'a heating charge (14) leaves a day idle; a drug (even coded 14) or a consumable does not',
      build: (r) => {
        const v = ward(r, 'P6', '2023-03-01', 10, [1, 2, 3], { fund: '10.00' });
        v.line({ code: '001107000010000', name: '病房取暖费', med_chrgitm_type: '14', time: '2023-03-02' });
        const w = ward(r, 'P7', '2023-03-01', 10, [1, 2, 3]);
        w.line({ code: 'XL02BBA326A001010102180', name: '阿帕他胺片', med_chrgitm_type: '14', time: '2023-03-02' });
        w.line({ code: 'C14010000000000001', name: '一次性使用输液器', time: '2023-03-03' });
        return [{ psn_no: 'P6', mdtrt_id: v.mdtrt_id, amount: '10.00' }];
      },
    },
    {
      name: 'a fully returned infusion leaves its day idle (returns are netted)',
      build: (r) => {
        const v = ward(r, 'P8', '2023-03-01', 10, [1, 2], { fund: '20.00' });
        const b = v.line({ ...INFUSION, time: '2023-03-07 11:30:00' });
        v.line({ ...INFUSION, time: '2023-03-07 12:00:00', returnOf: b });
        // Day 7 (offset 6) still has its own infusion; day 8's only infusion is returned.
        const c = v.lines.find((l) => l.fee_ocur_time === '2023-03-08 11:00:00')!.bkkp_sn;
        v.line({ ...INFUSION, time: '2023-03-08 12:00:00', returnOf: c });
        return [{ mdtrt_id: v.mdtrt_id, amount: '20.00', message: '（2023-03-02、2023-03-03、2023-03-08）' }];
      },
    },
    {
      name: 'days without any charge are not idle; outpatient visits are not judged; a refunded stay is not flagged',
      build: (r) => {
        const v = r.visit({ psn: 'P9', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-10' });
        v.line({ ...INFUSION, time: '2023-03-01' });
        v.line({ ...BED, time: '2023-03-10' });
        v.line({ ...INFUSION, time: '2023-03-10' });
        ward(r, 'PA', '2023-03-01', 1, [0], { med_type: '11' });
        r.refund(ward(r, 'PB', '2023-03-01', 10, [3, 4, 5, 6]));
        return [];
      },
    },
  ],
};
