import type { CaseTable } from '../harness.js';

// Batch 1 item age: 小儿捏脊治疗 儿童 (row 9), 新生儿护理 新生儿, 婴幼儿健康体检 婴幼儿.
const TUINA = '004500000100000';
const NEWBORN_CARE = '001201000070000';
const INFANT_CHECK = '001301000010000';
// Batch 1 drug age, sheet 2: 儿童清肺口服液 (儿童).
const CHILD_DRUG = 'ZA04CAE0023010100166';
const DAY = '2023-03-02';

export const table: CaseTable = {
  rule_id: 'age_restriction',
  cases: [
    {
      name: 'a 38-year-old billed a children-only item is flagged with the line\'s fund amount',
      build: (r) => {
        r.person('A1', { brdy: '1985-01-10' });
        const v = r.visit({ psn: 'A1', inst: 'H1', begin: DAY });
        const b = v.line({ code: TUINA, name: '小儿捏脊治疗', cnt: 2, pric: '35', ownpay: '10', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'A1', amount: '60.00', occurred_at: DAY,
          message: '患者38岁，项目【小儿捏脊治疗】限儿童（未满18周岁）使用' }];
      },
    },
    {
      name: 'boundary 儿童: 17 on the fee day (18 the next day) is not flagged; 18 on the birthday is',
      build: (r) => {
        r.person('A2', { brdy: '2005-03-03' });
        r.visit({ psn: 'A2', inst: 'H1', begin: DAY }).line({ code: TUINA, time: DAY });
        r.person('A3', { brdy: '2005-03-02' });
        const b = r.visit({ psn: 'A3', inst: 'H1', begin: DAY }).line({ code: TUINA, cnt: 1, pric: '35', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'A3', amount: '35.00', message: '患者18岁' }];
      },
    },
    {
      name: 'a drug of sheet 2 is matched by its national code',
      build: (r) => {
        r.person('A4', { brdy: '1988-01-01' });
        const b = r.visit({ psn: 'A4', inst: 'H1', begin: DAY })
          .line({ code: CHILD_DRUG, name: '儿童清肺口服液', cnt: 3, pric: '12.50', time: DAY });
        return [{ bkkp_sn: [b], amount: '37.50', message: '患者35岁，药品【儿童清肺口服液】限儿童（未满18周岁）使用' }];
      },
    },
    {
      name: 'boundary 新生儿: 28 days after birth is not flagged; 29 days is',
      build: (r) => {
        r.person('A5', { brdy: '2023-02-02' });
        r.visit({ psn: 'A5', inst: 'H1', begin: DAY }).line({ code: NEWBORN_CARE, time: DAY });
        r.person('A6', { brdy: '2023-02-01' });
        const b = r.visit({ psn: 'A6', inst: 'H1', begin: DAY }).line({ code: NEWBORN_CARE, name: '新生儿护理', pric: '20', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'A6', amount: '20.00', message: '患者出生后29天，项目【新生儿护理】限新生儿（出生28天内）使用' }];
      },
    },
    {
      name: 'boundary 婴幼儿: 2 years old (3 the next day) is not flagged; 3 on the birthday is',
      build: (r) => {
        r.person('A7', { brdy: '2020-03-03' });
        r.visit({ psn: 'A7', inst: 'H1', begin: DAY }).line({ code: INFANT_CHECK, time: DAY });
        r.person('A8', { brdy: '2020-03-02' });
        const b = r.visit({ psn: 'A8', inst: 'H1', begin: DAY }).line({ code: INFANT_CHECK, name: '婴幼儿健康体检', pric: '40', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'A8', amount: '40.00', message: '限婴幼儿（未满3周岁）使用' }];
      },
    },
    {
      name: 'child_max_age is a parameter: a 15-year-old is flagged when 儿童 means under 14',
      params: { child_max_age: 14 },
      build: (r) => {
        r.person('A9', { brdy: '2007-06-01' });
        const b = r.visit({ psn: 'A9', inst: 'H1', begin: DAY }).line({ code: TUINA, pric: '35', time: DAY });
        return [{ bkkp_sn: [b], amount: '35.00', message: '未满14周岁' }];
      },
    },
    {
      name: 'with the default child_max_age a 15-year-old is a child',
      build: (r) => {
        r.person('A10', { brdy: '2007-06-01' });
        r.visit({ psn: 'A10', inst: 'H1', begin: DAY }).line({ code: TUINA, time: DAY });
        return [];
      },
    },
    {
      name: 'birth date from psn_info wins over the visit\'s brdy',
      build: (r) => {
        r.person('A11', { brdy: '2012-05-05' });
        r.visit({ psn: 'A11', inst: 'H1', begin: DAY, extra: { brdy: '1970-01-01' } }).line({ code: TUINA, time: DAY });
        return [];
      },
    },
    {
      name: 'returned, void, refunded and fully self-paid lines are never flagged',
      build: (r) => {
        r.person('A12', { brdy: '1970-01-01' });
        const v = r.visit({ psn: 'A12', inst: 'H1', begin: DAY });
        const b = v.line({ code: TUINA, cnt: 1, pric: '35', time: DAY });
        v.line({ code: TUINA, cnt: 1, pric: '35', time: DAY, returnOf: b });
        v.line({ code: TUINA, cnt: 1, pric: '35', time: DAY, vali_flag: '0' });
        v.line({ code: TUINA, cnt: 1, pric: '35', ownpay: '35', time: DAY });
        const w = r.visit({ psn: 'A12', inst: 'H1', begin: '2023-03-03' });
        w.line({ code: TUINA, time: '2023-03-03' });
        r.refund(w);
        return [];
      },
    },
  ],
};
