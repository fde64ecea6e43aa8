import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Batch 8-1: 住院诊查费 001102000050000 (row 3, 1 日); 心电监测 003107010220000 (24 小时).
const CONSULT = '001102000050000';
const ECG = '003107010220000';

/** A 5-day stay from 2023-03-01 with one 住院诊查费 per night. */
function stay(r: RegionBuilder, psn: string): Visit {
  const v = r.visit({ psn, inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
  for (const d of ['2023-03-01', '2023-03-02', '2023-03-03', '2023-03-04']) {
    v.line({ code: CONSULT, name: '住院诊查费', pric: '20', time: `${d} 08:10:00` });
  }
  return v;
}

export const table: CaseTable = {
  rule_id: 'item_daily_frequency',
  cases: [
    {
      name: 'a second 住院诊查费 on one day: both lines of the day are listed, amount = 1 × price',
      build: (r) => {
        const v = stay(r, 'F1');
        const b = v.line({ code: CONSULT, name: '住院诊查费', pric: '20', time: '2023-03-03 16:00:00' });
        return [{ psn_no: 'F1', mdtrt_id: 'M0001', bkkp_sn: ['M0001-L3', b], amount: '20.00', occurred_at: '2023-03-03',
          message: '项目【住院诊查费】限每日1次，2023-03-03收费2次，超出1次' }];
      },
    },
    {
      name: 'one line with quantity 3 on one day: excess 2 × price',
      build: (r) => {
        const v = r.visit({ psn: 'F2', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-03' });
        const b = v.line({ code: CONSULT, cnt: 3, pric: '20', time: '2023-03-01' });
        return [{ bkkp_sn: [b], amount: '40.00', message: '收费3次，超出2次' }];
      },
    },
    {
      name: 'boundary: exactly one a day, and one a day in each of two visits on the same day, pass',
      build: (r) => {
        stay(r, 'F3');
        r.visit({ psn: 'F4', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-02' })
          .line({ code: CONSULT, time: '2023-03-01' });
        r.visit({ psn: 'F4', inst: 'H2', med_type: '21', begin: '2023-03-01', end: '2023-03-03' })
          .line({ code: CONSULT, time: '2023-03-01' });
        return [];
      },
    },
    {
      name: 'hourly items: 24 hours a day pass; 20 + 10 hours are 6 hours over, charged on the later line',
      build: (r) => {
        r.visit({ psn: 'F5', inst: 'H1', med_type: '21', begin: '2023-04-01', end: '2023-04-02' })
          .line({ code: ECG, cnt: 24, pric: '5', time: '2023-04-01' });
        const v = r.visit({ psn: 'F6', inst: 'H1', med_type: '21', begin: '2023-04-01', end: '2023-04-02' });
        const a = v.line({ code: ECG, name: '心电监测', cnt: 20, pric: '5', time: '2023-04-01 08:00:00' });
        const b = v.line({ code: ECG, name: '心电监测', cnt: 10, pric: '5', time: '2023-04-01 20:00:00' });
        return [{ psn_no: 'F6', bkkp_sn: [a, b], amount: '30.00', message: '项目【心电监测】限每日24小时，2023-04-01收费30小时，超出6小时' }];
      },
    },
    {
      name: 'the excess amount never exceeds the fund-eligible amount of the line',
      build: (r) => {
        const v = stay(r, 'F7');
        const b = v.line({ code: CONSULT, pric: '20', ownpay: '15', time: '2023-03-02 16:00:00' });
        return [{ bkkp_sn: ['M0001-L2', b], amount: '5.00', occurred_at: '2023-03-02' }];
      },
    },
    {
      name: 'returned (fully or in part), void, self-paid and refunded duplicates are not counted',
      build: (r) => {
        const v = stay(r, 'F8');
        const a = v.line({ code: CONSULT, pric: '20', time: '2023-03-01 16:00:00' });
        v.line({ code: CONSULT, pric: '20', time: '2023-03-01 17:00:00', returnOf: a });
        const b = v.line({ code: CONSULT, cnt: 2, pric: '20', time: '2023-03-02 16:00:00' });
        v.line({ code: CONSULT, cnt: 2, pric: '20', time: '2023-03-02 17:00:00', returnOf: b });
        v.line({ code: CONSULT, pric: '20', time: '2023-03-03 16:00:00', vali_flag: '0' });
        v.line({ code: CONSULT, pric: '20', ownpay: '20', time: '2023-03-04 16:00:00' });
        const w = r.visit({ psn: 'F9', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-02' });
        w.line({ code: CONSULT, cnt: 2, time: '2023-03-01' });
        r.refund(w);
        const x = r.visit({ psn: 'F10', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-02' });
        const c = x.line({ code: CONSULT, cnt: 2, pric: '20', time: '2023-03-01' });
        x.line({ code: CONSULT, cnt: 1, pric: '20', time: '2023-03-01 18:00:00', returnOf: c });
        return [];
      },
    },
  ],
};
