import type { CaseTable } from '../harness.js';

// 子宫造影 002101030300000 is restricted to women (batch 1, item gender, Sheet1 row 4).
const UTERUS = '002101030300000';

export const table: CaseTable = {
  rule_id: 'gender_restriction',
  cases: [
    {
      name: 'a man billed a women-only item is flagged with the line\'s fund amount',
      build: (r) => {
        r.person('P1', { gend: '1' });
        const v = r.visit({ psn: 'P1', inst: 'H1', begin: '2023-03-02' });
        const b = v.line({ code: UTERUS, name: '子宫造影', cnt: 1, pric: '180.50', ownpay: '20.50', time: '2023-03-02' });
        return [{ bkkp_sn: [b], psn_no: 'P1', amount: '160.00', occurred_at: '2023-03-02', message: '患者性别为男，项目【子宫造影】限女性使用' }];
      },
    },
    {
      name: 'a woman billed the same item is not flagged',
      build: (r) => {
        r.person('P2', { gend: '2' });
        r.visit({ psn: 'P2', inst: 'H1', begin: '2023-03-02' }).line({ code: UTERUS, time: '2023-03-02' });
        return [];
      },
    },
    {
      name: 'unknown sex (0/9) is not judged',
      build: (r) => {
        r.person('P3', { gend: '9' });
        r.visit({ psn: 'P3', inst: 'H1', begin: '2023-03-02' }).line({ code: UTERUS, time: '2023-03-02' });
        return [];
      },
    },
    {
      name: 'a fully returned line and a refunded settlement are never flagged; void lines neither',
      build: (r) => {
        r.person('P4', { gend: '1' });
        const v = r.visit({ psn: 'P4', inst: 'H1', begin: '2023-04-01' });
        const b = v.line({ code: UTERUS, cnt: 1, pric: '100', time: '2023-04-01' });
        v.line({ code: UTERUS, cnt: 1, pric: '100', time: '2023-04-01', returnOf: b });
        v.line({ code: UTERUS, cnt: 1, pric: '100', time: '2023-04-01', vali_flag: '0' });
        const w = r.visit({ psn: 'P4', inst: 'H1', begin: '2023-04-02' });
        w.line({ code: UTERUS, cnt: 1, pric: '100', time: '2023-04-02' });
        r.refund(w);
        return [];
      },
    },
    {
      name: 'sex from psn_info wins over the visit; a drug from sheet 2 of the drug batch is matched by its national code',
      build: (r) => {
        r.person('P5', { gend: '2' });
        // 阿帕他胺片 XL02BBA326A001010102180 is restricted to men (b1 drug gender).
        const v = r.visit({ psn: 'P5', inst: 'H1', begin: '2023-05-01', extra: { gend: '1' } });
        const b = v.line({ code: 'XL02BBA326A001010102180', name: '阿帕他胺片', cnt: 2, pric: '12.345', time: '2023-05-01' });
        return [{ bkkp_sn: [b], amount: '24.69', message: '患者性别为女，药品【阿帕他胺片】限男性使用' }];
      },
    },
    {
      name: 'a fully self-paid line is not flagged; one fen paid by the fund is',
      build: (r) => {
        r.person('P7', { gend: '1' });
        const v = r.visit({ psn: 'P7', inst: 'H1', begin: '2023-07-01' });
        v.line({ code: UTERUS, cnt: 1, pric: '100', ownpay: '100', time: '2023-07-01' });
        const b = v.line({ code: UTERUS, cnt: 1, pric: '100', ownpay: '99.99', time: '2023-07-01' });
        return [{ bkkp_sn: [b], amount: '0.01' }];
      },
    },
    {
      name: 'findings outside the audit period are cut',
      from: '2023-06-01',
      build: (r) => {
        r.person('P6', { gend: '1' });
        r.visit({ psn: 'P6', inst: 'H1', begin: '2023-05-31' }).line({ code: UTERUS, time: '2023-05-31' });
        return [];
      },
    },
  ],
};
