import type { CaseTable } from '../harness.js';

// Batch 3 sheet 2: 注射用A型肉毒毒素 (工伤保险目录用药), 地诺前列酮栓 (生育保险目录用药).
const BOTOX = 'XJ06AAA006B001010178976';
const DINOPROSTONE = 'XG02ADD082D003010179504';
const DAY = '2023-06-01';

export const table: CaseTable = {
  rule_id: 'insurance_type_restriction',
  cases: [
    {
      name: 'a 工伤 drug settled under 职工基本医疗保险 (310) is flagged with the line\'s fund amount',
      build: (r) => {
        const v = r.visit({ psn: 'I1', inst: 'H1', begin: DAY, insutype: '310' });
        const b = v.line({ code: BOTOX, name: '注射用A型肉毒毒素', cnt: 1, pric: '1200', ownpay: '200', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'I1', amount: '1000.00', occurred_at: DAY,
          message: '药品【注射用A型肉毒毒素】限工伤保险使用，按职工基本医疗保险（险种310）结算' }];
      },
    },
    {
      name: 'a 生育 drug is flagged under 城乡居民 (390) and not in a 生育 settlement (510)',
      build: (r) => {
        r.person('I2', { gend: '2' });
        const v = r.visit({ psn: 'I2', inst: 'H1', begin: DAY, end: '2023-06-04', med_type: '21', insutype: '390' });
        const b = v.line({ code: DINOPROSTONE, name: '地诺前列酮栓', pric: '300', time: DAY });
        r.person('I3', { gend: '2' });
        r.visit({ psn: 'I3', inst: 'H1', begin: DAY, end: '2023-06-04', med_type: '52', insutype: '510' })
          .line({ code: DINOPROSTONE, pric: '300', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'I2', amount: '300.00', message: '限生育保险使用，按城乡居民基本医疗保险（险种390）结算' }];
      },
    },
    {
      name: 'the settlement\'s insutype decides over the visit\'s',
      build: (r) => {
        r.visit({ psn: 'I4', inst: 'H1', begin: DAY, insutype: '310', setl_extra: { insutype: '510' } })
          .line({ code: DINOPROSTONE, time: DAY });
        const b = r.visit({ psn: 'I5', inst: 'H1', begin: DAY, insutype: '510', setl_extra: { insutype: '310' } })
          .line({ code: DINOPROSTONE, pric: '300', time: DAY });
        return [{ bkkp_sn: [b], psn_no: 'I5', amount: '300.00' }];
      },
    },
    {
      name: 'basic_insutypes is a parameter: with only 390 listed a 310 settlement is not judged',
      params: { basic_insutypes: ['390'] },
      build: (r) => {
        r.visit({ psn: 'I6', inst: 'H1', begin: DAY, insutype: '310' }).line({ code: BOTOX, time: DAY });
        return [];
      },
    },
    {
      name: 'returned, void, refunded and fully self-paid lines are never flagged',
      build: (r) => {
        const v = r.visit({ psn: 'I7', inst: 'H1', begin: DAY, insutype: '310' });
        const b = v.line({ code: BOTOX, cnt: 2, pric: '100', time: DAY });
        v.line({ code: BOTOX, cnt: 2, pric: '100', time: DAY, returnOf: b });
        v.line({ code: BOTOX, cnt: 1, pric: '100', time: DAY, vali_flag: '0' });
        v.line({ code: BOTOX, cnt: 1, pric: '100', ownpay: '100', time: DAY });
        const w = r.visit({ psn: 'I7', inst: 'H1', begin: '2023-06-02', insutype: '310' });
        w.line({ code: BOTOX, time: '2023-06-02' });
        r.refund(w);
        return [];
      },
    },
  ],
};
