import type { CaseTable } from '../harness.js';

const DECOCT = '001201000090000';
const US = '002203030010000';
const OTHER = '003105010010000';
const DRUG = 'XA02BCA211A001010104393';

export const table: CaseTable = {
  rule_id: 'non_covered_billed',
  cases: [
    {
      name: 'a 丙类 line not fully self-paid is flagged with its fund-eligible amount',
      build: (r) => {
        const v = r.visit({ psn: 'P1', inst: 'H1', begin: '2023-03-02' });
        const b = v.line({ code: DECOCT, name: '中药饮片代煎', cnt: 7, pric: '3', chrgitm_lv: '03', time: '2023-03-02' });
        return [{ bkkp_sn: [b], mdtrt_id: v.mdtrt_id, amount: '21.00', occurred_at: '2023-03-02',
          message: '丙类项目【中药饮片代煎】（chrgitm_lv=03）未全额自费，21.00元纳入基金可支付范围' }];
      },
    },
    {
      name: 'a 丙类 line fully self-paid is compliant; one fen left fund-eligible fires for that fen; 甲类/乙类 lines never',
      build: (r) => {
        const v = r.visit({ psn: 'P2', inst: 'H1', begin: '2023-03-02' });
        v.line({ code: DECOCT, cnt: 7, pric: '3', ownpay: '21', chrgitm_lv: '03', time: '2023-03-02' });
        const b = v.line({ code: DECOCT, cnt: 7, pric: '3', ownpay: '20.99', chrgitm_lv: '03', time: '2023-03-02' });
        v.line({ code: US, pric: '120', chrgitm_lv: '01', time: '2023-03-02' });
        v.line({ code: DRUG, pric: '12', chrgitm_lv: '02', time: '2023-03-02' });
        return [{ bkkp_sn: [b], amount: '0.01' }];
      },
    },
    {
      name: 'with no service catalogue loaded, a service code cannot be judged absent',
      build: (r) => {
        r.visit({ psn: 'P3', inst: 'H1', begin: '2023-03-03' }).line({ code: OTHER, pric: '50', time: '2023-03-03' });
        return [];
      },
    },
    {
      name: 'with the service catalogue loaded, a fund-eligible service code absent from it is flagged; drugs are not judged by it',
      build: (r) => {
        r.price(US, '3', '150').price(DECOCT, '1', '3');
        const v = r.visit({ psn: 'P4', inst: 'H1', begin: '2023-04-01' });
        v.line({ code: US, pric: '120', time: '2023-04-01' });
        const b = v.line({ code: OTHER, name: '某自立项目', pric: '50', ownpay: '5', time: '2023-04-01' });
        v.line({ code: OTHER, pric: '50', ownpay: '50', time: '2023-04-01' });
        v.line({ code: DRUG, pric: '12', time: '2023-04-01' });
        v.line({ code: '002203030010099', list_type: '301', pric: '12', time: '2023-04-01' });
        return [{ bkkp_sn: [b], amount: '45.00', message: '目录外项目【某自立项目】（003105010010000 不在医疗服务项目目录中）' }];
      },
    },
    {
      name: 'a 丙类 code absent from the catalogue gives one finding; returns, refunds and void lines never fire',
      build: (r) => {
        r.price(US, '3', '150');
        const v = r.visit({ psn: 'P5', inst: 'H1', begin: '2023-05-01' });
        const b = v.line({ code: DECOCT, cnt: 5, pric: '3', chrgitm_lv: '03', time: '2023-05-01' });
        v.line({ code: DECOCT, cnt: 2, pric: '3', chrgitm_lv: '03', time: '2023-05-01', returnOf: b });
        const c = v.line({ code: DECOCT, cnt: 2, pric: '3', chrgitm_lv: '03', time: '2023-05-01' });
        v.line({ code: DECOCT, cnt: 2, pric: '3', chrgitm_lv: '03', time: '2023-05-01', returnOf: c });
        v.line({ code: DECOCT, cnt: 2, pric: '3', chrgitm_lv: '03', time: '2023-05-01', vali_flag: '0' });
        const w = r.visit({ psn: 'P5', inst: 'H1', begin: '2023-05-02' });
        w.line({ code: DECOCT, cnt: 2, pric: '3', chrgitm_lv: '03', time: '2023-05-02' });
        r.refund(w);
        return [{ bkkp_sn: [b], amount: '9.00', message: '丙类项目' }];
      },
    },
  ],
};
