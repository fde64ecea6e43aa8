import type { CaseTable } from '../harness.js';

// Batch 4 sheet 2: ω-3鱼油脂肪乳注射液 (限定就医方式 住院).
const FISH_OIL = 'XB05BAU005B002010101415';
const DAY = '2023-08-08';

export const table: CaseTable = {
  rule_id: 'visit_type_restriction',
  cases: [
    {
      name: 'an inpatient-only drug in an ordinary outpatient visit is flagged with the line\'s fund amount',
      build: (r) => {
        const b = r.visit({ psn: 'V1', inst: 'H1', med_type: '11', begin: DAY })
          .line({ code: FISH_OIL, name: 'ω-3鱼油脂肪乳注射液', cnt: 2, pric: '98.5', ownpay: '7', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'V1', amount: '190.00', occurred_at: DAY,
          message: '药品【ω-3鱼油脂肪乳注射液】限住院患者使用，本次就诊为普通门诊（med_type 11）' }];
      },
    },
    {
      name: 'every inpatient med_type passes: 21, 22, 28 日间手术, 52 生育住院 and a regional 2101',
      build: (r) => {
        ['21', '22', '28', '52', '2101'].forEach((mt, i) => {
          r.visit({ psn: `V2${i}`, inst: 'H1', med_type: mt, begin: DAY, end: '2023-08-12' }).line({ code: FISH_OIL, time: DAY });
        });
        return [];
      },
    },
    {
      name: 'emergency, pharmacy and chronic-outpatient visits are flagged',
      build: (r) => {
        const a = r.visit({ psn: 'V31', inst: 'H1', med_type: '13', begin: DAY }).line({ code: FISH_OIL, pric: '98', time: DAY });
        const b = r.visit({ psn: 'V32', inst: 'P00000000001', med_type: '41', begin: DAY })
          .line({ code: FISH_OIL, pric: '98', time: DAY });
        const c = r.visit({ psn: 'V33', inst: 'H1', med_type: '140104', begin: DAY }).line({ code: FISH_OIL, pric: '98', time: DAY });
        return [{ bkkp_sn: [a], psn_no: 'V31', amount: '98.00', message: '本次就诊为急诊（med_type 13）' },
          { bkkp_sn: [c], psn_no: 'V33', amount: '98.00', message: '本次就诊为门诊慢特病（med_type 140104）' },
          { bkkp_sn: [b], psn_no: 'V32', amount: '98.00', message: '定点药店购药' }];
      },
    },
    {
      name: '家庭病床 (71) is not inpatient by default; the inpatient pattern is a parameter',
      params: { inpatient_med_type_pattern: '^(2|52|71)' },
      build: (r) => {
        r.visit({ psn: 'V4', inst: 'H1', med_type: '71', begin: DAY, end: '2023-08-20' }).line({ code: FISH_OIL, time: DAY });
        return [];
      },
    },
    {
      name: 'the visit\'s med_type decides over the line\'s',
      build: (r) => {
        const b = r.visit({ psn: 'V5', inst: 'H1', med_type: '11', begin: DAY })
          .line({ code: FISH_OIL, pric: '98', time: DAY, extra: { med_type: '21' } });
        return [{ bkkp_sn: [b], amount: '98.00' }];
      },
    },
    {
      name: 'returned, void, refunded and fully self-paid lines are never flagged',
      build: (r) => {
        const v = r.visit({ psn: 'V6', inst: 'H1', med_type: '11', begin: DAY });
        const b = v.line({ code: FISH_OIL, cnt: 1, pric: '98', time: DAY });
        v.line({ code: FISH_OIL, cnt: 1, pric: '98', time: DAY, returnOf: b });
        v.line({ code: FISH_OIL, cnt: 1, pric: '98', time: DAY, vali_flag: '0' });
        v.line({ code: FISH_OIL, cnt: 1, pric: '98', ownpay: '98', time: DAY });
        const w = r.visit({ psn: 'V6', inst: 'H1', med_type: '11', begin: '2023-08-09' });
        w.line({ code: FISH_OIL, time: '2023-08-09' });
        r.refund(w);
        return [];
      },
    },
  ],
};
