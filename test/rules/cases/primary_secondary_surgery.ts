import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// Batch 2 (b2-item-primary-secondary.xlsx): 胆囊切除术 003310060020000 (row 202) and 胆总管探查T管引流术
// 003310060110000 (row 224) are both 肝胆手术组; 阑尾切除术 003310030220000 is 胃肠手术组 and 经腹直肠手术组,
// 直肠粘膜环切术 003310040180000 is 直肠肛门手术组 and 经腹直肠手术组.
const GALL = '003310060020000';
const DUCT = '003310060110000';
const APPX = '003310030220000';
const RECT = '003310040180000';

/** A class-3 hospital (hosp_lv 02) with the catalogue's class-3 prices of the two biliary operations. */
function tertiary(r: RegionBuilder, inst = 'H3'): void {
  r.institution(inst, { hosp_lv: '02' });
  r.price(GALL, '3', '1800').price(DUCT, '3', '1500').price(APPX, '3', '900').price(RECT, '3', '1200');
  r.price(GALL, '2', '1600').price(DUCT, '2', '1300');
}

export const table: CaseTable = {
  rule_id: 'primary_secondary_surgery',
  cases: [
    {
      name: 'a second operation of the same group on the same day at full price: overcharge = fee − 50% of the catalogue price',
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P1', inst: 'H3', med_type: '21', begin: '2023-03-01', end: '2023-03-08' });
        v.line({ code: GALL, name: '胆囊切除术', pric: '1800', time: '2023-03-02 10:00:00' });
        const b = v.line({ code: DUCT, name: '胆总管探查T管引流术', pric: '1500', time: '2023-03-02 10:40:00' });
        return [{ bkkp_sn: [b], mdtrt_id: v.mdtrt_id, amount: '750.00', occurred_at: '2023-03-02',
          message: '第二及以后的手术【胆总管探查T管引流术】未按50%折价：单价1500.00元，应不超过750.00元（主手术【胆囊切除术】）' }];
      },
    },
    {
      name: 'discounted exactly to 50% is compliant; one fen above fires for that fen',
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P2', inst: 'H3', med_type: '21', begin: '2023-03-01', end: '2023-03-08' });
        v.line({ code: GALL, pric: '1800', time: '2023-03-02' });
        v.line({ code: DUCT, pric: '750', time: '2023-03-02' });
        const w = r.visit({ psn: 'P3', inst: 'H3', med_type: '21', begin: '2023-03-01', end: '2023-03-08' });
        w.line({ code: GALL, pric: '1800', time: '2023-03-02' });
        const b = w.line({ code: DUCT, pric: '750.01', time: '2023-03-02' });
        return [{ bkkp_sn: [b], mdtrt_id: w.mdtrt_id, amount: '0.01' }];
      },
    },
    {
      name: 'other days, other visits and other groups are separate sessions: nothing fires',
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P4', inst: 'H3', med_type: '21', begin: '2023-04-01', end: '2023-04-08' });
        v.line({ code: GALL, pric: '1800', time: '2023-04-02' });
        v.line({ code: DUCT, pric: '1500', time: '2023-04-03' });
        v.line({ code: APPX, pric: '900', time: '2023-04-02' });
        const w = r.visit({ psn: 'P4', inst: 'H3', med_type: '21', begin: '2023-04-03', end: '2023-04-09' });
        w.line({ code: GALL, pric: '1800', time: '2023-04-03' });
        return [];
      },
    },
    {
      name: 'the primary is the highest-billed line: a discounted dearer operation lets the cheaper one stand at full price',
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P5', inst: 'H3', med_type: '21', begin: '2023-04-01', end: '2023-04-08' });
        v.line({ code: GALL, pric: '900', time: '2023-04-02' });
        v.line({ code: DUCT, pric: '1500', time: '2023-04-02' });
        return [];
      },
    },
    {
      name: 'three operations: the second and third are both judged; a class-2 hospital uses class-2 prices',
      build: (r) => {
        tertiary(r);
        r.institution('H2', { hosp_lv: '05' });
        r.price('003310060120000', '2', '1000');
        const v = r.visit({ psn: 'P6', inst: 'H2', med_type: '21', begin: '2023-05-01', end: '2023-05-08' });
        v.line({ code: GALL, pric: '1600', time: '2023-05-02' });
        const b = v.line({ code: DUCT, pric: '1300', time: '2023-05-02' });
        const c = v.line({ code: '003310060120000', pric: '600', time: '2023-05-02' });
        return [{ bkkp_sn: [b], amount: '650.00' }, { bkkp_sn: [c], amount: '100.00' }];
      },
    },
    {
      name: 'without a catalogue price the line\'s pric_uplmt_amt is the reference; without either nothing is judged',
      build: (r) => {
        r.institution('H1', { hosp_lv: '09' });
        const v = r.visit({ psn: 'P7', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-08' });
        v.line({ code: GALL, pric: '1500', pric_uplmt_amt: '1500', time: '2023-05-02' });
        const b = v.line({ code: DUCT, pric: '1200', pric_uplmt_amt: '1200', time: '2023-05-02' });
        const w = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-08' });
        w.line({ code: GALL, pric: '1500', time: '2023-05-02' });
        w.line({ code: DUCT, pric: '1200', time: '2023-05-02' });
        return [{ bkkp_sn: [b], amount: '600.00' }];
      },
    },
    {
      name: 'codes sharing only one of their groups (经腹直肠手术组) still form a session; a secondary_rate of 0.6 is honoured',
      params: { secondary_rate: 0.6 },
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P9', inst: 'H3', med_type: '21', begin: '2023-06-01', end: '2023-06-08' });
        v.line({ code: RECT, pric: '1200', time: '2023-06-02' });
        const b = v.line({ code: APPX, name: '阑尾切除术', pric: '900', time: '2023-06-02' });
        return [{ bkkp_sn: [b], amount: '360.00', message: '未按60%折价' }];
      },
    },
    {
      name: 'a void or fully returned primary, or a refunded stay, leaves no session to judge',
      build: (r) => {
        tertiary(r);
        const v = r.visit({ psn: 'P10', inst: 'H3', med_type: '21', begin: '2023-07-01', end: '2023-07-08' });
        v.line({ code: GALL, pric: '1800', time: '2023-07-02', vali_flag: '0' });
        const g = v.line({ code: GALL, pric: '1800', time: '2023-07-02' });
        v.line({ code: GALL, pric: '1800', time: '2023-07-02', returnOf: g });
        v.line({ code: DUCT, pric: '1500', time: '2023-07-02' });
        const w = r.visit({ psn: 'P10', inst: 'H3', med_type: '21', begin: '2023-07-10', end: '2023-07-15' });
        w.line({ code: GALL, pric: '1800', time: '2023-07-11' });
        w.line({ code: DUCT, pric: '1500', time: '2023-07-11' });
        r.refund(w);
        return [];
      },
    },
  ],
};
