import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

/** 中换药 (a service item) once per visit. */
const DRESSING = '001203000020000';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

/** Outpatient visits of one person on the given day offsets, alternating two institutions. */
function series(r: RegionBuilder, psn: string, start: string, offsets: number[], pric = '25.00'): Visit[] {
  return offsets.map((o, k) => {
    const v = r.visit({ psn, inst: k % 2 ? 'H2' : 'H1', begin: addDays(start, o) });
    v.line({ code: DRESSING, name: '中换药', pric, time: addDays(start, o) });
    return v;
  });
}

function visitAt(r: RegionBuilder, psn: string, inst: string, time: string, med_type = '11', pric = '10'): Visit {
  const v = r.visit({ psn, inst, begin: time.slice(0, 10), med_type, extra: { begntime: time } });
  v.line({ code: DRESSING, pric, time });
  return v;
}

const ELEVEN = [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 29];

export const table: CaseTable = {
  rule_id: 'frequent_visits',
  cases: [
    {
      name: '11 outpatient visits within 30 days: the 11th is flagged with its fund payment',
      build: (r) => {
        const vs = series(r, 'P1', '2023-03-01', ELEVEN);
        return [{ psn_no: 'P1', mdtrt_id: vs[10].mdtrt_id, amount: '25.00', occurred_at: '2023-03-30',
          message: '30天内（2023-03-01至2023-03-30）门诊就诊11次，超过10次' }];
      },
    },
    {
      name: 'boundary: exactly 10 visits in 30 days are not flagged',
      build: (r) => {
        series(r, 'P2', '2023-03-01', ELEVEN.slice(0, 10));
        return [];
      },
    },
    {
      name: 'boundary: 11 visits spread over 31 days (no 30-day window holds 11) are not flagged',
      build: (r) => {
        series(r, 'P3', '2023-03-01', [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
        return [];
      },
    },
    {
      name: '12 visits in 30 days: the 11th and the 12th (same day, later time) are flagged',
      build: (r) => {
        const vs = series(r, 'P4', '2023-03-01', [...ELEVEN.slice(0, 10), 28, 28]);
        return [{ mdtrt_id: vs[10].mdtrt_id, amount: '25.00' }, { mdtrt_id: vs[11].mdtrt_id, amount: '25.00' }];
      },
    },
    {
      name: 'pharmacy purchases, stays and refunded or void visits are not outpatient visits',
      build: (r) => {
        series(r, 'P5', '2023-03-01', ELEVEN.slice(0, 9));
        r.visit({ psn: 'P5', inst: 'P1', med_type: '41', begin: '2023-03-20' }).line({ code: DRESSING, time: '2023-03-20' });
        r.visit({ psn: 'P5', inst: 'H3', med_type: '21', begin: '2023-03-21', end: '2023-03-23' })
          .line({ code: DRESSING, time: '2023-03-21' });
        const refunded = series(r, 'P5', '2023-03-29', [0])[0];
        r.refund(refunded);
        r.visit({ psn: 'P5', inst: 'H1', begin: '2023-03-30', vali_flag: '0' }).line({ code: DRESSING, time: '2023-03-30' });
        series(r, 'P5', '2023-03-30', [0]);
        return [];
      },
    },
    {
      name: 'outpatient visits at 3 institutions in one day: the visit at the third is flagged; a pharmacy does not count',
      build: (r) => {
        visitAt(r, 'P6', 'H1', '2023-04-01 08:30:00');
        visitAt(r, 'P6', 'P1', '2023-04-01 09:30:00', '41');
        visitAt(r, 'P6', 'H2', '2023-04-01 10:30:00', '13');
        const third = visitAt(r, 'P6', 'H3', '2023-04-01 15:30:00', '140104', '33.30');
        return [{ mdtrt_id: third.mdtrt_id, amount: '33.30', message: '2023-04-01一日内在3家医疗机构门诊就诊（本次为第3家' }];
      },
    },
    {
      name: 'boundary: two institutions in a day (several visits at one of them) are not flagged',
      build: (r) => {
        visitAt(r, 'P7', 'H1', '2023-04-01 08:30:00');
        visitAt(r, 'P7', 'H2', '2023-04-01 10:30:00');
        visitAt(r, 'P7', 'H1', '2023-04-01 15:30:00');
        return [];
      },
    },
    {
      name: 'four institutions in a day: the third and fourth are flagged, a return to the first is not',
      build: (r) => {
        visitAt(r, 'P8', 'H1', '2023-04-02 08:00:00');
        visitAt(r, 'P8', 'H2', '2023-04-02 09:00:00');
        const c = visitAt(r, 'P8', 'H3', '2023-04-02 10:00:00');
        visitAt(r, 'P8', 'H1', '2023-04-02 11:00:00');
        const d = visitAt(r, 'P8', 'H4', '2023-04-02 12:00:00');
        return [{ mdtrt_id: c.mdtrt_id, amount: '10.00' }, { mdtrt_id: d.mdtrt_id, amount: '10.00', message: '本次为第4家' }];
      },
    },
    {
      name: 'a visit that is both the 11th in 30 days and at the third institution of the day is one finding naming both',
      build: (r) => {
        series(r, 'P9', '2023-05-01', [0, 2, 4, 6, 8, 10, 12, 14]);
        visitAt(r, 'P9', 'H1', '2023-05-20 07:00:00');
        visitAt(r, 'P9', 'H5', '2023-05-20 08:00:00');
        const v = visitAt(r, 'P9', 'H6', '2023-05-20 09:00:00');
        return [{ mdtrt_id: v.mdtrt_id, amount: '10.00',
          message: '30天内（2023-05-01至2023-05-20）门诊就诊11次，超过10次；2023-05-20一日内在3家医疗机构' }];
      },
    },
    {
      name: 'parameters: more than 3 visits in 7 days',
      params: { max_visits: 3, window_days: 7 },
      build: (r) => {
        const vs = series(r, 'P10', '2023-06-01', [0, 2, 4, 6, 13]);
        return [{ mdtrt_id: vs[3].mdtrt_id, amount: '25.00', message: '7天内' }];
      },
    },
  ],
};
