import type { CaseTable } from '../harness.js';

// Batch 8-2 row 2: 职业功能训练 003402000320000, 参保人年龄超出法定就业年龄限制.
const VOC = '003402000320000';
const DAY = '2023-05-10';

export const table: CaseTable = {
  rule_id: 'working_age_restriction',
  cases: [
    {
      name: 'a 62-year-old man billed 职业功能训练 is flagged with the line\'s fund amount',
      build: (r) => {
        r.person('W1', { gend: '1', brdy: '1961-01-01' });
        const b = r.visit({ psn: 'W1', inst: 'H1', begin: DAY })
          .line({ code: VOC, name: '职业功能训练', cnt: 2, pric: '40', ownpay: '5', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'W1', amount: '75.00', occurred_at: DAY,
          message: '患者为62周岁男性，已达法定退休年龄（60周岁），项目【职业功能训练】限法定就业年龄段参保人使用' }];
      },
    },
    {
      name: 'boundary men: 59 (60 the next day) is not flagged, 60 on the birthday is',
      build: (r) => {
        r.person('W2', { gend: '1', brdy: '1963-05-11' });
        r.visit({ psn: 'W2', inst: 'H1', begin: DAY }).line({ code: VOC, time: DAY });
        r.person('W3', { gend: '1', brdy: '1963-05-10' });
        const b = r.visit({ psn: 'W3', inst: 'H1', begin: DAY }).line({ code: VOC, pric: '40', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'W3', amount: '40.00', message: '60周岁男性' }];
      },
    },
    {
      name: 'boundary women: 54 (55 the next day) is not flagged, 55 on the birthday is',
      build: (r) => {
        r.person('W4', { gend: '2', brdy: '1968-05-11' });
        r.visit({ psn: 'W4', inst: 'H1', begin: DAY }).line({ code: VOC, time: DAY });
        r.person('W5', { gend: '2', brdy: '1968-05-10' });
        const b = r.visit({ psn: 'W5', inst: 'H1', begin: DAY }).line({ code: VOC, pric: '40', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'W5', amount: '40.00', message: '患者为55周岁女性，已达法定退休年龄（55周岁）' }];
      },
    },
    {
      name: 'at 57 a woman is flagged and a man is not',
      build: (r) => {
        r.person('W6', { gend: '1', brdy: '1966-01-01' });
        r.visit({ psn: 'W6', inst: 'H1', begin: DAY }).line({ code: VOC, time: DAY });
        r.person('W7', { gend: '2', brdy: '1966-01-01' });
        const b = r.visit({ psn: 'W7', inst: 'H1', begin: DAY }).line({ code: VOC, pric: '40', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'W7', amount: '40.00' }];
      },
    },
    {
      name: 'unknown sex: only the higher retirement age is certain (58 not flagged, 60 flagged)',
      build: (r) => {
        r.person('W8', { gend: '9', brdy: '1965-01-01' });
        r.visit({ psn: 'W8', inst: 'H1', begin: DAY }).line({ code: VOC, time: DAY });
        r.person('W9', { gend: '9', brdy: '1963-01-01' });
        const b = r.visit({ psn: 'W9', inst: 'H1', begin: DAY }).line({ code: VOC, pric: '40', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'W9', amount: '40.00', message: '（性别不详）' }];
      },
    },
    {
      name: 'retirement ages are parameters: at 63 for men a 62-year-old man is not flagged',
      params: { retirement_age_male: 63 },
      build: (r) => {
        r.person('W10', { gend: '1', brdy: '1961-01-01' });
        r.visit({ psn: 'W10', inst: 'H1', begin: DAY }).line({ code: VOC, time: DAY });
        return [];
      },
    },
    {
      name: 'returned, void, refunded and fully self-paid lines are never flagged',
      build: (r) => {
        r.person('W11', { gend: '1', brdy: '1950-01-01' });
        const v = r.visit({ psn: 'W11', inst: 'H1', begin: DAY });
        const b = v.line({ code: VOC, cnt: 1, pric: '40', time: DAY });
        v.line({ code: VOC, cnt: 1, pric: '40', time: DAY, returnOf: b });
        v.line({ code: VOC, cnt: 1, pric: '40', time: DAY, vali_flag: '0' });
        v.line({ code: VOC, cnt: 1, pric: '40', ownpay: '40', time: DAY });
        const w = r.visit({ psn: 'W11', inst: 'H1', begin: '2023-05-11' });
        w.line({ code: VOC, time: '2023-05-11' });
        r.refund(w);
        return [];
      },
    },
  ],
};
