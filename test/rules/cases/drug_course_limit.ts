import type { CaseTable } from '../harness.js';
import type { Visit } from '../builders.js';

// Batch 6 sheet 2: 注射用七叶皂苷钠 (支付不超过10天), two of its national codes; 注射用重组人脑利钠肽
// (单次住院支付不超过3天).
const AESCIN = 'XC05CAQ005B001010100526';
const AESCIN_2 = 'XC05CAQ005B001010101007';
const NESIRITIDE = 'XC01EBC109B001010102049';

/** ISO date n days after iso. */
const plus = (iso: string, n: number): string => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);

/** One line of code a day for days [from, from + n), returning their bkkp_sn. */
function daily(v: Visit, code: string, from: string, n: number, pric = '30'): string[] {
  return Array.from({ length: n }, (_, i) => v.line({ code, name: '注射用七叶皂苷钠', cnt: 1, pric, time: plus(from, i) }));
}

export const table: CaseTable = {
  rule_id: 'drug_course_limit',
  cases: [
    {
      name: '12 days of a 10-day drug in one stay: days 11 and 12 are flagged in one finding',
      build: (r) => {
        const v = r.visit({ psn: 'C1', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-13' });
        const b = daily(v, AESCIN, '2023-03-01', 12);
        return [{ psn_no: 'C1', bkkp_sn: b.slice(10), amount: '60.00', occurred_at: '2023-03-11',
          message: '药品【注射用七叶皂苷钠】限支付10天，本疗程首次使用2023-03-01，第11天（2023-03-11）起2条费用超出支付疗程' }];
      },
    },
    {
      name: 'boundary: exactly 10 days (or uses on day 1 and day 10) pass; a use on calendar day 11 is flagged',
      build: (r) => {
        const v = r.visit({ psn: 'C2', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-11' });
        daily(v, AESCIN, '2023-03-01', 10);
        r.visit({ psn: 'C3', inst: 'H1', begin: '2023-03-01' }).line({ code: AESCIN, time: '2023-03-01' });
        r.visit({ psn: 'C3', inst: 'H1', begin: '2023-03-10' }).line({ code: AESCIN, time: '2023-03-10' });
        r.visit({ psn: 'C4', inst: 'H1', begin: '2023-03-01' }).line({ code: AESCIN, time: '2023-03-01' });
        const b = r.visit({ psn: 'C4', inst: 'H1', begin: '2023-03-11' }).line({ code: AESCIN, pric: '30', time: '2023-03-11' });
        return [{ psn_no: 'C4', bkkp_sn: [b], amount: '30.00', message: '第11天（2023-03-11）起1条' }];
      },
    },
    {
      name: 'gap boundary: 30 days without the drug continue the course (flagged), 31 days start a new one',
      build: (r) => {
        const v = r.visit({ psn: 'C5', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
        daily(v, AESCIN, '2023-03-01', 5);
        const b = r.visit({ psn: 'C5', inst: 'H1', begin: '2023-04-05' }).line({ code: AESCIN, pric: '30', time: '2023-04-05' });
        const w = r.visit({ psn: 'C6', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
        daily(w, AESCIN, '2023-03-01', 5);
        r.visit({ psn: 'C6', inst: 'H1', begin: '2023-04-06' }).line({ code: AESCIN, time: '2023-04-06' });
        return [{ psn_no: 'C5', bkkp_sn: [b], amount: '30.00', message: '本疗程首次使用2023-03-01，第36天（2023-04-05）' }];
      },
    },
    {
      name: 'course_gap_days is a parameter: at 40, a 31-day pause continues the course',
      params: { course_gap_days: 40 },
      build: (r) => {
        const w = r.visit({ psn: 'C7', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-05' });
        daily(w, AESCIN, '2023-03-01', 5);
        const b = r.visit({ psn: 'C7', inst: 'H1', begin: '2023-04-06' }).line({ code: AESCIN, pric: '30', time: '2023-04-06' });
        return [{ psn_no: 'C7', bkkp_sn: [b], amount: '30.00' }];
      },
    },
    {
      name: 'the course runs across institutions, visits and national codes of the same drug',
      build: (r) => {
        const v = r.visit({ psn: 'C8', inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-06' });
        daily(v, AESCIN, '2023-05-01', 6);
        const w = r.visit({ psn: 'C8', inst: 'H2', med_type: '21', begin: '2023-05-07', end: '2023-05-12' });
        const b = daily(w, AESCIN_2, '2023-05-07', 6, '25');
        return [{ psn_no: 'C8', mdtrt_id: 'M0002', bkkp_sn: b.slice(4), amount: '50.00', occurred_at: '2023-05-11' }];
      },
    },
    {
      name: 'a 单次住院 limit restarts with each stay: 3 days then 4 days flags only day 4 of the second stay',
      build: (r) => {
        const v = r.visit({ psn: 'C9', inst: 'H1', med_type: '21', begin: '2023-06-01', end: '2023-06-04' });
        for (let i = 0; i < 3; i++) v.line({ code: NESIRITIDE, pric: '500', time: plus('2023-06-01', i) });
        const w = r.visit({ psn: 'C9', inst: 'H1', med_type: '21', begin: '2023-06-10', end: '2023-06-14' });
        const b = Array.from({ length: 4 }, (_, i) => w.line({ code: NESIRITIDE, name: '注射用重组人脑利钠肽', pric: '500',
          time: plus('2023-06-10', i) }));
        return [{ psn_no: 'C9', mdtrt_id: 'M0002', bkkp_sn: [b[3]], amount: '500.00', occurred_at: '2023-06-13',
          message: '限支付3天，本疗程首次使用2023-06-10，第4天' }];
      },
    },
    {
      name: 'lines beyond the course that are returned, void, refunded or fully self-paid are not flagged',
      build: (r) => {
        const v = r.visit({ psn: 'C10', inst: 'H1', med_type: '21', begin: '2023-07-01', end: '2023-07-14' });
        daily(v, AESCIN, '2023-07-01', 10);
        const b = v.line({ code: AESCIN, cnt: 2, pric: '30', time: '2023-07-11' });
        v.line({ code: AESCIN, cnt: 2, pric: '30', time: '2023-07-11', returnOf: b });
        v.line({ code: AESCIN, pric: '30', time: '2023-07-12', vali_flag: '0' });
        v.line({ code: AESCIN, pric: '30', ownpay: '30', time: '2023-07-13' });
        const w = r.visit({ psn: 'C10', inst: 'H1', begin: '2023-07-14' });
        w.line({ code: AESCIN, time: '2023-07-14' });
        r.refund(w);
        return [];
      },
    },
    {
      name: 'history before the audit period counts: a course begun earlier flags the lines inside the period',
      from: '2023-03-10',
      build: (r) => {
        const v = r.visit({ psn: 'C11', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-13' });
        const b = daily(v, AESCIN, '2023-03-01', 12);
        return [{ psn_no: 'C11', bkkp_sn: b.slice(10), amount: '60.00', occurred_at: '2023-03-11' }];
      },
    },
  ],
};
