import type { CaseTable } from '../harness.js';

// Batch 7 rows used here (b7-item-duplicate-charge.xlsx):
//  单日:     重症监护 001201000010000 includes 一般专项护理 001201000140000 (row 33)
//  单次就诊: 颅内多发血肿清除术 003302010140000 includes 颅内血肿清除术 003302010150000 (row 394)
//  6小时:    单胎顺产接生 003314000020000 includes 胎心监测 003112010260000 (row 789)
//  同一小时: 冷加压试验 003102070040000 includes 动态血压监测 003107010210000 (row 292)
const ICU = '001201000010000';
const CARE = '001201000140000';
const MULTI = '003302010140000';
const SINGLE = '003302010150000';
const BIRTH = '003314000020000';
const FETAL = '003112010260000';
const COLD = '003102070040000';
const ABPM = '003107010210000';

export const table: CaseTable = {
  rule_id: 'duplicate_charge',
  cases: [
    {
      name: '单日: the included item on the same day as the main item is flagged with its fund amount',
      build: (r) => {
        const v = r.visit({ psn: 'P1', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
        v.line({ code: ICU, name: '重症监护', pric: '260', time: '2023-03-02 08:00:00' });
        const b = v.line({ code: CARE, name: '一般专项护理', cnt: 2, pric: '15.5', ownpay: '1', time: '2023-03-02 20:00:00' });
        return [{ bkkp_sn: [b], mdtrt_id: v.mdtrt_id, amount: '30.00', occurred_at: '2023-03-02',
          message: '同日（2023-03-02）收取【重症监护】及其已包含的【一般专项护理】' }];
      },
    },
    {
      name: '单日: the included item on another day of the stay is not flagged; two main lines flag the sub line once',
      build: (r) => {
        const v = r.visit({ psn: 'P2', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
        v.line({ code: ICU, time: '2023-03-02 08:00:00' });
        v.line({ code: CARE, time: '2023-03-03 00:00:00' });
        v.line({ code: CARE, time: '2023-03-01 23:59:00' });
        v.line({ code: ICU, time: '2023-03-04 08:00:00' });
        v.line({ code: ICU, time: '2023-03-04 09:00:00' });
        const b = v.line({ code: CARE, pric: '12', time: '2023-03-04 10:00:00' });
        return [{ bkkp_sn: [b], amount: '12.00' }];
      },
    },
    {
      name: '单日: another visit at the same institution on the same day counts; another institution does not',
      build: (r) => {
        r.visit({ psn: 'P3', inst: 'H1', med_type: '13', begin: '2023-04-01' }).line({ code: ICU, time: '2023-04-01 02:00:00' });
        const w = r.visit({ psn: 'P3', inst: 'H1', med_type: '21', begin: '2023-04-01', end: '2023-04-03' });
        const b = w.line({ code: CARE, pric: '20', time: '2023-04-01 18:00:00' });
        r.visit({ psn: 'P3', inst: 'H2', med_type: '21', begin: '2023-04-05', end: '2023-04-06' }).line({ code: CARE, time: '2023-04-05' });
        r.visit({ psn: 'P3', inst: 'H3', med_type: '13', begin: '2023-04-05' }).line({ code: ICU, time: '2023-04-05' });
        return [{ bkkp_sn: [b], mdtrt_id: w.mdtrt_id, amount: '20.00' }];
      },
    },
    {
      name: '单次就诊: the included operation on another day of the same stay is flagged; in a later stay it is not',
      build: (r) => {
        const v = r.visit({ psn: 'P4', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-10' });
        v.line({ code: MULTI, name: '颅内多发血肿清除术', pric: '3000', time: '2023-05-02' });
        const b = v.line({ code: SINGLE, name: '颅内血肿清除术', pric: '2500', ownpay: '100', time: '2023-05-06' });
        r.visit({ psn: 'P4', inst: 'H1', med_type: '21', begin: '2023-05-20', end: '2023-05-25' })
          .line({ code: SINGLE, pric: '2500', time: '2023-05-21' });
        return [{ bkkp_sn: [b], amount: '2400.00', occurred_at: '2023-05-06', message: '同次就诊收取【颅内多发血肿清除术】' }];
      },
    },
    {
      name: '6小时: fetal monitoring exactly 6 hours after the delivery fee is flagged; 6 hours and 1 minute is not',
      build: (r) => {
        const v = r.visit({ psn: 'P5', inst: 'H1', med_type: '52', begin: '2023-06-01', end: '2023-06-04' });
        v.line({ code: BIRTH, name: '单胎顺产接生', pric: '800', time: '2023-06-01 10:00:00' });
        const b = v.line({ code: FETAL, name: '胎心监测', pric: '25', time: '2023-06-01 16:00:00' });
        v.line({ code: FETAL, pric: '25', time: '2023-06-01 03:59:00' });
        return [{ bkkp_sn: [b], amount: '25.00', message: '6小时内收取【单胎顺产接生】及其已包含的【胎心监测】' }];
      },
    },
    {
      name: '同一小时: blood-pressure monitoring 60 minutes before the cold pressor test is flagged; 61 minutes is not',
      build: (r) => {
        const v = r.visit({ psn: 'P6', inst: 'H1', begin: '2023-06-10' });
        v.line({ code: COLD, pric: '30', time: '2023-06-10 11:00:00' });
        const b = v.line({ code: ABPM, pric: '40', time: '2023-06-10 10:00:00' });
        const w = r.visit({ psn: 'P7', inst: 'H1', begin: '2023-06-10' });
        w.line({ code: COLD, pric: '30', time: '2023-06-10 11:00:00' });
        w.line({ code: ABPM, pric: '40', time: '2023-06-10 09:59:00' });
        return [{ bkkp_sn: [b], amount: '40.00' }];
      },
    },
    {
      name: 'a returned or void main line, a refunded visit and a fully returned sub line never fire',
      build: (r) => {
        const v = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-07-01', end: '2023-07-03' });
        const m = v.line({ code: ICU, time: '2023-07-01' });
        v.line({ code: ICU, time: '2023-07-01', returnOf: m });
        v.line({ code: ICU, time: '2023-07-01', vali_flag: '0' });
        v.line({ code: CARE, time: '2023-07-01' });
        const w = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-07-10', end: '2023-07-12' });
        w.line({ code: ICU, time: '2023-07-10' });
        w.line({ code: CARE, time: '2023-07-10' });
        r.refund(w);
        const x = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-07-20', end: '2023-07-22' });
        x.line({ code: ICU, time: '2023-07-20' });
        const s = x.line({ code: CARE, cnt: 2, time: '2023-07-20' });
        x.line({ code: CARE, cnt: 2, time: '2023-07-20', returnOf: s });
        return [];
      },
    },
    {
      name: 'a partly returned sub line is flagged with its net amount',
      build: (r) => {
        const v = r.visit({ psn: 'P9', inst: 'H1', med_type: '21', begin: '2023-08-01', end: '2023-08-03' });
        v.line({ code: ICU, time: '2023-08-01' });
        const s = v.line({ code: CARE, cnt: 3, pric: '10', time: '2023-08-01' });
        v.line({ code: CARE, cnt: 1, pric: '10', time: '2023-08-01', returnOf: s });
        return [{ bkkp_sn: [s], amount: '20.00' }];
      },
    },
  ],
};
