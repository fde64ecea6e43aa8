import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// Batch 8-4: 糖化血红蛋白测定 002503020030000 (row 3: 1 in 15 days); 儿童听力障碍语言训练 003402000350000
// (row 14: 1 in 7 days; batch 8-3 row 12 says the same: 每周最多支付一次).
const HBA1C = '002503020030000';
const HEARING = '003402000350000';

/** One outpatient visit per date with one test line each; returns the bkkp_sn per date. */
function tests(r: RegionBuilder, psn: string, dates: string[], opts: { inst?: string[]; ownpay?: string[]; code?: string } = {}): string[] {
  return dates.map((d, i) => r.visit({ psn, inst: opts.inst?.[i] ?? 'H1', begin: d }).line({ code: opts.code ?? HBA1C,
    name: opts.code ? '儿童听力障碍语言训练' : '糖化血红蛋白测定', pric: '55', time: d,
    ownpay: opts.ownpay?.includes(d) ? '55' : undefined }));
}

export const table: CaseTable = {
  rule_id: 'item_period_frequency',
  cases: [
    {
      name: 'a second HbA1c test 10 days after the first is flagged with its fund amount',
      build: (r) => {
        const b = tests(r, 'Q1', ['2023-05-01', '2023-05-11']);
        return [{ psn_no: 'Q1', mdtrt_id: 'M0002', bkkp_sn: [b[1]], amount: '55.00', occurred_at: '2023-05-11',
          message: '项目【糖化血红蛋白测定】限15天内1次，2023-04-27至2023-05-11共收费2次' }];
      },
    },
    {
      name: 'window boundary: 14 days later is inside the 15-day window (flagged), 15 days later is not',
      build: (r) => {
        const b = tests(r, 'Q2', ['2023-05-01', '2023-05-15']);
        tests(r, 'Q3', ['2023-05-01', '2023-05-16']);
        return [{ psn_no: 'Q2', bkkp_sn: [b[1]], amount: '55.00', message: '2023-05-01至2023-05-15共收费2次' }];
      },
    },
    {
      name: 'two tests on one day both offend (each window holds both); so does one line of quantity 2',
      build: (r) => {
        const v = r.visit({ psn: 'Q4', inst: 'H1', begin: '2023-06-01' });
        const a = v.line({ code: HBA1C, pric: '55', time: '2023-06-01 09:00:00' });
        const b = v.line({ code: HBA1C, pric: '55', time: '2023-06-01 10:00:00' });
        const c = r.visit({ psn: 'Q5', inst: 'H1', begin: '2023-06-01' }).line({ code: HBA1C, cnt: 2, pric: '55', time: '2023-06-01' });
        return [{ psn_no: 'Q4', bkkp_sn: [a, b], amount: '110.00' }, { psn_no: 'Q5', bkkp_sn: [c], amount: '110.00' }];
      },
    },
    {
      name: 'the window counts tests at other institutions',
      build: (r) => {
        const b = tests(r, 'Q6', ['2023-05-01', '2023-05-08'], { inst: ['H1', 'H2'] });
        return [{ psn_no: 'Q6', bkkp_sn: [b[1]], amount: '55.00' }];
      },
    },
    {
      name: 'an offending line stays in later windows: tests on days 1, 10 and 20 flag the last two',
      build: (r) => {
        const b = tests(r, 'Q7', ['2023-05-01', '2023-05-10', '2023-05-20']);
        return [{ mdtrt_id: 'M0002', bkkp_sn: [b[1]], amount: '55.00' }, { mdtrt_id: 'M0003', bkkp_sn: [b[2]], amount: '55.00' }];
      },
    },
    {
      name: 'a self-paid test is not a paid one: it neither counts nor is flagged',
      build: (r) => {
        tests(r, 'Q8', ['2023-05-01', '2023-05-08', '2023-05-17'], { ownpay: ['2023-05-08'] });
        return [];
      },
    },
    {
      name: 'a limit stated in both batch 8-3 and 8-4 gives one finding; 7 days later passes',
      build: (r) => {
        const b = tests(r, 'Q9', ['2023-06-01', '2023-06-07'], { code: HEARING });
        tests(r, 'Q10', ['2023-06-01', '2023-06-08'], { code: HEARING });
        return [{ psn_no: 'Q9', bkkp_sn: [b[1]], amount: '55.00', message: '项目【儿童听力障碍语言训练】限7天内1次' }];
      },
    },
    {
      name: 'returned, void and refunded earlier tests do not count',
      build: (r) => {
        const v = r.visit({ psn: 'Q11', inst: 'H1', begin: '2023-05-01' });
        const a = v.line({ code: HBA1C, pric: '55', time: '2023-05-01' });
        v.line({ code: HBA1C, pric: '55', time: '2023-05-01 11:00:00', returnOf: a });
        v.line({ code: HBA1C, pric: '55', time: '2023-05-02', vali_flag: '0' });
        const w = r.visit({ psn: 'Q11', inst: 'H1', begin: '2023-05-03' });
        w.line({ code: HBA1C, time: '2023-05-03' });
        r.refund(w);
        tests(r, 'Q11', ['2023-05-10']);
        return [];
      },
    },
  ],
};
