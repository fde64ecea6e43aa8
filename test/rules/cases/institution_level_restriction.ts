import type { CaseTable } from '../harness.js';

// Batch 5 sheet 2: 参麦注射液 (限二级及以上医疗机构), 雷珠单抗注射液 (三级), 度拉糖肽注射液 (首次处方时需由二级及以上医疗机构…).
const SHENMAI = 'ZA09HAC0101010102129';
const RANIBIZUMAB = 'XS01LAL328B002010104021';
const DULAGLUTIDE = 'XA10BJD332B002010178403';
const DAY = '2023-07-03';

export const table: CaseTable = {
  rule_id: 'institution_level_restriction',
  cases: [
    {
      name: 'a 二级及以上 drug used at a 一级甲等 institution is flagged with the line\'s fund amount',
      build: (r) => {
        r.institution('H08', { hosp_lv: '08' });
        const b = r.visit({ psn: 'L1', inst: 'H08', begin: DAY })
          .line({ code: SHENMAI, name: '参麦注射液', cnt: 4, pric: '15.5', ownpay: '2', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'L1', amount: '60.00', occurred_at: DAY,
          message: '药品【参麦注射液】限二级及以上医疗机构使用，本机构为一级及以下医疗机构（hosp_lv 08）' }];
      },
    },
    {
      name: 'boundary 二级: 二级丙等 (07) and 二级无等 (13) pass; 无等级 (11) and 一级无等 (14) are flagged',
      build: (r) => {
        for (const lv of ['07', '13', '11', '14']) r.institution(`H${lv}`, { hosp_lv: lv });
        r.visit({ psn: 'L2', inst: 'H07', begin: DAY }).line({ code: SHENMAI, time: DAY });
        r.visit({ psn: 'L3', inst: 'H13', begin: DAY }).line({ code: SHENMAI, time: DAY });
        const a = r.visit({ psn: 'L4', inst: 'H11', begin: DAY }).line({ code: SHENMAI, pric: '20', time: DAY });
        const b = r.visit({ psn: 'L5', inst: 'H14', begin: DAY }).line({ code: SHENMAI, pric: '20', time: DAY });
        return [{ bkkp_sn: [a], psn_no: 'L4', amount: '20.00', message: '（hosp_lv 11）' },
          { bkkp_sn: [b], psn_no: 'L5', amount: '20.00' }];
      },
    },
    {
      name: 'boundary 三级: a 二级甲等 institution is flagged; 三级无等 (12) and 三级丙等 (04) pass',
      build: (r) => {
        for (const lv of ['05', '12', '04']) r.institution(`H${lv}`, { hosp_lv: lv });
        const b = r.visit({ psn: 'L6', inst: 'H05', begin: DAY })
          .line({ code: RANIBIZUMAB, name: '雷珠单抗注射液', pric: '1500', time: DAY });
        r.visit({ psn: 'L7', inst: 'H12', begin: DAY }).line({ code: RANIBIZUMAB, time: DAY });
        r.visit({ psn: 'L8', inst: 'H04', begin: DAY }).line({ code: RANIBIZUMAB, time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'L6', amount: '1500.00', message: '限三级医疗机构使用，本机构为二级医疗机构（hosp_lv 05）' }];
      },
    },
    {
      name: 'a retail pharmacy (无等级) dispensing a 二级及以上 drug is flagged',
      build: (r) => {
        r.institution('P00000000001', { hosp_lv: '11', type: '2' });
        const b = r.visit({ psn: 'L9', inst: 'P00000000001', med_type: '41', begin: DAY })
          .line({ code: SHENMAI, pric: '20', time: DAY });
        return [{ bkkp_sn: [b], amount: '20.00' }];
      },
    },
    {
      name: '首次处方 drugs: refills at a 一级 institution after a first prescription at a 二级 one pass',
      build: (r) => {
        r.institution('H05', { hosp_lv: '05' }).institution('H09', { hosp_lv: '09' });
        r.visit({ psn: 'L10', inst: 'H05', begin: '2023-01-05' }).line({ code: DULAGLUTIDE, time: '2023-01-05' });
        r.visit({ psn: 'L10', inst: 'H09', begin: '2023-02-05' }).line({ code: DULAGLUTIDE, time: '2023-02-05' });
        return [];
      },
    },
    {
      name: '首次处方 drugs: use at a 一级 institution before any qualifying first prescription is flagged',
      build: (r) => {
        r.institution('H05', { hosp_lv: '05' }).institution('H09', { hosp_lv: '09' });
        const a = r.visit({ psn: 'L11', inst: 'H09', begin: '2023-01-05' })
          .line({ code: DULAGLUTIDE, name: '度拉糖肽注射液', pric: '200', time: '2023-01-05' });
        r.visit({ psn: 'L11', inst: 'H05', begin: '2023-02-05' }).line({ code: DULAGLUTIDE, time: '2023-02-05' });
        r.visit({ psn: 'L11', inst: 'H09', begin: '2023-03-05' }).line({ code: DULAGLUTIDE, time: '2023-03-05' });
        return [{ bkkp_sn: [a], amount: '200.00', occurred_at: '2023-01-05', message: '且此前无合规机构的首次处方' }];
      },
    },
    {
      name: 'a visit without hosp_lv is judged by the institution\'s registered level',
      build: (r) => {
        r.institution('H05', { hosp_lv: '05' }).institution('H08', { hosp_lv: '08' });
        r.visit({ psn: 'L13', inst: 'H05', begin: DAY, extra: { hosp_lv: '' } }).line({ code: SHENMAI, time: DAY });
        const b = r.visit({ psn: 'L14', inst: 'H08', begin: DAY, extra: { hosp_lv: '' } }).line({ code: SHENMAI, pric: '20', time: DAY });
        return [{ psn_no: 'L14', bkkp_sn: [b], amount: '20.00', message: '（hosp_lv 08）' }];
      },
    },
    {
      name: 'returned, void, refunded and fully self-paid lines are never flagged',
      build: (r) => {
        r.institution('H08', { hosp_lv: '08' });
        const v = r.visit({ psn: 'L12', inst: 'H08', begin: DAY });
        const b = v.line({ code: SHENMAI, cnt: 2, pric: '20', time: DAY });
        v.line({ code: SHENMAI, cnt: 2, pric: '20', time: DAY, returnOf: b });
        v.line({ code: SHENMAI, cnt: 1, pric: '20', time: DAY, vali_flag: '0' });
        v.line({ code: SHENMAI, cnt: 1, pric: '20', ownpay: '20', time: DAY });
        const w = r.visit({ psn: 'L12', inst: 'H08', begin: '2023-07-04' });
        w.line({ code: SHENMAI, time: '2023-07-04' });
        r.refund(w);
        return [];
      },
    },
  ],
};
