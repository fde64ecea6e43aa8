import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Batch 8-3: 减重支持系统训练 (row 5, 支付不超过30天); 手功能评定 (row 2, 总时间不超过90天，评定间隔时间不短于14天).
const BWS = '003402000210000';
const HAND = '003402000050000';

const plus = (iso: string, n: number): string => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);

function daily(v: Visit, from: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => v.line({ code: BWS, name: '减重支持系统训练', pric: '45', time: plus(from, i) }));
}

/** An outpatient 手功能评定 on each date; returns the bkkp_sn per date. */
function hand(r: RegionBuilder, psn: string, dates: string[], ownpay: string[] = []): string[] {
  return dates.map((d) => r.visit({ psn, inst: 'H1', begin: d })
    .line({ code: HAND, name: '手功能评定', pric: '30', time: d, ownpay: ownpay.includes(d) ? '30' : undefined }));
}

export const table: CaseTable = {
  rule_id: 'item_course_limit',
  cases: [
    {
      name: '32 days of a 30-day item in one stay: days 31 and 32 are flagged in one finding',
      build: (r) => {
        const v = r.visit({ psn: 'K1', inst: 'H1', med_type: '21', begin: '2023-02-01', end: '2023-03-05' });
        const b = daily(v, '2023-02-01', 32);
        return [{ psn_no: 'K1', bkkp_sn: b.slice(30), amount: '90.00', occurred_at: '2023-03-03',
          message: '项目【减重支持系统训练】限支付30天，疗程首次收费2023-02-01，第31天起2条费用超出支付疗程' }];
      },
    },
    {
      name: 'boundary: exactly 30 days pass',
      build: (r) => {
        const v = r.visit({ psn: 'K2', inst: 'H1', med_type: '21', begin: '2023-02-01', end: '2023-03-03' });
        daily(v, '2023-02-01', 30);
        return [];
      },
    },
    {
      name: 'a pause of more than 30 days starts a new course (20 + 20 days pass)',
      build: (r) => {
        daily(r.visit({ psn: 'K3', inst: 'H1', med_type: '21', begin: '2023-02-01', end: '2023-02-21' }), '2023-02-01', 20);
        daily(r.visit({ psn: 'K3', inst: 'H1', med_type: '21', begin: '2023-03-24', end: '2023-04-13' }), '2023-03-24', 20);
        return [];
      },
    },
    {
      name: 'interval boundary: 13 days after the previous 手功能评定 is flagged, 14 days pass',
      build: (r) => {
        const b = hand(r, 'K4', ['2023-04-01', '2023-04-14']);
        hand(r, 'K5', ['2023-04-01', '2023-04-15']);
        return [{ psn_no: 'K4', bkkp_sn: [b[1]], amount: '30.00', occurred_at: '2023-04-14',
          message: '项目【手功能评定】两次收费间隔不短于14天，1条距上次收费不足14天（最短13天）' }];
      },
    },
    {
      name: 'a same-day repeat is an interval of 0 days',
      build: (r) => {
        const v = r.visit({ psn: 'K6', inst: 'H1', begin: '2023-04-01' });
        v.line({ code: HAND, pric: '30', time: '2023-04-01 09:00:00' });
        const b = v.line({ code: HAND, pric: '30', time: '2023-04-01 15:00:00' });
        return [{ psn_no: 'K6', bkkp_sn: [b], amount: '30.00', message: '（最短0天）' }];
      },
    },
    {
      name: 'total course of 90 days with evaluations every 14 days: the one on day 99 is flagged',
      build: (r) => {
        const dates = Array.from({ length: 8 }, (_, i) => plus('2023-01-02', 14 * i));
        const b = hand(r, 'K7', dates);
        return [{ psn_no: 'K7', bkkp_sn: [b[7]], amount: '30.00', occurred_at: '2023-04-10', message: '限支付90天，疗程首次收费2023-01-02，第99天起1条' }];
      },
    },
    {
      name: 'the interval runs from the previous line the fund paid for (a self-paid one does not count)',
      build: (r) => {
        hand(r, 'K8', ['2023-04-01', '2023-04-10', '2023-04-20'], ['2023-04-10']);
        return [];
      },
    },
    {
      name: 'returned, void and refunded repeats are not flagged',
      build: (r) => {
        hand(r, 'K9', ['2023-05-01']);
        const v = r.visit({ psn: 'K9', inst: 'H1', begin: '2023-05-05' });
        const b = v.line({ code: HAND, pric: '30', time: '2023-05-05' });
        v.line({ code: HAND, pric: '30', time: '2023-05-05', returnOf: b });
        v.line({ code: HAND, pric: '30', time: '2023-05-06', vali_flag: '0' });
        const w = r.visit({ psn: 'K9', inst: 'H1', begin: '2023-05-07' });
        w.line({ code: HAND, time: '2023-05-07' });
        r.refund(w);
        return [];
      },
    },
  ],
};
