import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// A service item with catalogue prices by class (price_catalog.hosp_lv_class 3/2/1).
const US = '002203030010000';
const EMS = '003401020010000';

function catalogue(r: RegionBuilder): void {
  r.price(US, '3', '150').price(US, '2', '120').price(US, '1', '100');
  r.price(EMS, '3', '15').price(EMS, '2', '13.5').price(EMS, '1', '12');
  r.institution('H3', { hosp_lv: '01' }).institution('H2', { hosp_lv: '06' }).institution('H1', { hosp_lv: '14' });
}

export const table: CaseTable = {
  rule_id: 'over_price_limit',
  cases: [
    {
      name: 'a class-2 hospital charging the class-3 price: amount = (pric − class-2 price) × cnt',
      build: (r) => {
        catalogue(r);
        const v = r.visit({ psn: 'P1', inst: 'H2', begin: '2023-03-02' });
        const b = v.line({ code: US, name: '彩色多普勒超声常规检查', pric: '150', time: '2023-03-02' });
        return [{ bkkp_sn: [b], mdtrt_id: v.mdtrt_id, amount: '30.00', occurred_at: '2023-03-02',
          message: '二级机构收取【彩色多普勒超声常规检查】单价150.00元，超过二级限价120.00元' }];
      },
    },
    {
      name: 'exactly the class price is compliant; one fen above fires',
      build: (r) => {
        catalogue(r);
        r.visit({ psn: 'P2', inst: 'H2', begin: '2023-03-02' }).line({ code: US, pric: '120', time: '2023-03-02' });
        r.visit({ psn: 'P2', inst: 'H3', begin: '2023-03-03' }).line({ code: US, pric: '150', time: '2023-03-03' });
        const b = r.visit({ psn: 'P3', inst: 'H2', begin: '2023-03-02' }).line({ code: US, pric: '120.01', time: '2023-03-02' });
        return [{ bkkp_sn: [b], amount: '0.01' }];
      },
    },
    {
      name: 'a class-1 institution (hosp_lv 14) and a quantity of 2: the excess counts twice',
      build: (r) => {
        catalogue(r);
        const b = r.visit({ psn: 'P4', inst: 'H1', begin: '2023-04-01' })
          .line({ code: EMS, name: '中频脉冲电治疗', cnt: 2, pric: '15', time: '2023-04-01' });
        return [{ bkkp_sn: [b], amount: '6.00', message: '一级及以下机构收取【中频脉冲电治疗】单价15.00元，超过一级及以下限价12.00元（数量2' }];
      },
    },
    {
      name: 'the line\'s own pric_uplmt_amt applies when it is lower than the catalogue, and alone when no catalogue row exists',
      build: (r) => {
        catalogue(r);
        const v = r.visit({ psn: 'P5', inst: 'H3', begin: '2023-04-02' });
        const a = v.line({ code: US, pric: '140', pric_uplmt_amt: '130', time: '2023-04-02' });
        const b = v.line({ code: 'XA02BCA211A001010104393', name: '奥美拉唑肠溶胶囊', cnt: 3, pric: '12.5', pric_uplmt_amt: '10',
          time: '2023-04-02' });
        return [{ bkkp_sn: [a], amount: '10.00', message: '超过明细限价130.00元' }, { bkkp_sn: [b], amount: '7.50' }];
      },
    },
    {
      name: 'no limit known (no catalogue row for the class, pric_uplmt_amt empty or 0): not judged',
      build: (r) => {
        r.price(US, '3', '150');
        r.institution('H2', { hosp_lv: '05' });
        const v = r.visit({ psn: 'P6', inst: 'H2', begin: '2023-04-03' });
        v.line({ code: US, pric: '500', time: '2023-04-03' });
        v.line({ code: EMS, pric: '500', pric_uplmt_amt: '0', time: '2023-04-03' });
        return [];
      },
    },
    {
      name: 'a partly returned line counts its net quantity; refunded, void and fully returned lines never fire',
      build: (r) => {
        catalogue(r);
        const v = r.visit({ psn: 'P7', inst: 'H1', begin: '2023-05-01' });
        const b = v.line({ code: EMS, cnt: 3, pric: '15', time: '2023-05-01' });
        v.line({ code: EMS, cnt: 1, pric: '15', time: '2023-05-01', returnOf: b });
        const c = v.line({ code: EMS, cnt: 1, pric: '15', time: '2023-05-01' });
        v.line({ code: EMS, cnt: 1, pric: '15', time: '2023-05-01', returnOf: c });
        v.line({ code: EMS, cnt: 1, pric: '15', time: '2023-05-01', vali_flag: '0' });
        const w = r.visit({ psn: 'P7', inst: 'H1', begin: '2023-05-02' });
        w.line({ code: EMS, cnt: 1, pric: '15', time: '2023-05-02' });
        r.refund(w);
        return [{ bkkp_sn: [b], amount: '6.00' }];
      },
    },
  ],
};
