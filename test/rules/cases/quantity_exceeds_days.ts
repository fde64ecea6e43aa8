import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

const BED = { code: '001109000010000', name: '普通病房床位费', med_chrgitm_type: '01', pric: '40' };
const CONSULT = { code: '001102000050000', name: '住院诊查费', med_chrgitm_type: '02', pric: '20' };
const NURSING = { code: '001104000020000', name: '二级护理', med_chrgitm_type: '07', pric: '25' };

const day = (begin: string, k: number) => new Date(Date.parse(begin) + k * 86400000).toISOString().slice(0, 10);

/** A stay from 2023-03-01 to 2023-03-06 (6 days counting both dates) with `item` billed once on each of the first 5 days. */
function stay(r: RegionBuilder, psn: string, item = BED, o: { med_type?: string } = {}): { v: Visit; b: string[] } {
  const v = r.visit({ psn, inst: 'H1', med_type: o.med_type ?? '21', begin: '2023-03-01', end: '2023-03-06', diag: ['J20.900'] });
  const b: string[] = [];
  for (let k = 0; k < 5; k++) b.push(v.line({ ...item, time: day('2023-03-01', k) }));
  return { v, b };
}

export const table: CaseTable = {
  rule_id: 'quantity_exceeds_days',
  cases: [
    {
      name: '8 bed-days billed for a stay of at most 6 are flagged: excess 2 × price, naming the item\'s lines',
      build: (r) => {
        const { v, b } = stay(r, 'P1');
        b.push(v.line({ ...BED, cnt: 3, time: '2023-03-06 07:00:00' }));
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: b, amount: '80.00', occurred_at: '2023-03-06',
          message: '住院2023-03-01至2023-03-06（按出院日期−入院日期+1最多6日），【普通病房床位费】计费数量8，超出2' }];
      },
    },
    {
      name: 'boundary: exactly 6 (= discharge − admission + 1) does not fire, 7 fires with excess 1',
      build: (r) => {
        const a = stay(r, 'P2');
        a.v.line({ ...BED, cnt: 1, time: '2023-03-06' });
        const c = stay(r, 'P3');
        c.b.push(c.v.line({ ...BED, cnt: 2, time: '2023-03-06' }));
        return [{ psn_no: 'P3', mdtrt_id: c.v.mdtrt_id, bkkp_sn: c.b, amount: '40.00', message: '计费数量7，超出1' }];
      },
    },
    {
      name: 'the excess is priced on the latest-billed lines, across lines when needed',
      build: (r) => {
        const v = r.visit({ psn: 'P4', inst: 'H1', med_type: '21', begin: '2023-04-01', end: '2023-04-02' });
        const a = v.line({ ...BED, cnt: 3, time: '2023-04-01' });
        const b = v.line({ ...BED, cnt: 1, pric: '50', time: '2023-04-02' });
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [a, b], amount: '90.00', message: '超出2' }];
      },
    },
    {
      name: 'nursing (07) and 住院诊查费 (by code) are per-day items: two findings; outpatient 诊查 and tests are not',
      build: (r) => {
        const n = stay(r, 'P5', NURSING);
        n.b.push(n.v.line({ ...NURSING, cnt: 2, time: '2023-03-06' }));
        const c: string[] = [];
        for (let k = 0; k < 7; k++) c.push(n.v.line({ ...CONSULT, time: day('2023-03-01', k % 6) }));
        for (let k = 0; k < 7; k++) n.v.line({ code: '001101000010000', name: '普通门诊诊查费', med_chrgitm_type: '02', time: '2023-03-02' });
        n.v.line({ code: '002501010010000', name: '血细胞分析', med_chrgitm_type: '04', cnt: 9, time: '2023-03-02' });
        return [
          { bkkp_sn: n.b, amount: '25.00', message: '【二级护理】计费数量7' },
          { bkkp_sn: [...c].sort(), amount: '20.00', message: '【住院诊查费】计费数量7' },
        ];
      },
    },
    {
      name: 'returns are netted and void lines ignored; outpatient visits are not judged',
      build: (r) => {
        const a = stay(r, 'P6');
        const x = a.v.line({ ...BED, cnt: 3, time: '2023-03-06' });
        a.v.line({ ...BED, cnt: 2, time: '2023-03-06 12:00:00', returnOf: x });
        a.v.line({ ...BED, cnt: 5, time: '2023-03-06', vali_flag: '0' });
        const o = stay(r, 'P7', BED, { med_type: '11' });
        o.v.line({ ...BED, cnt: 5, time: '2023-03-06' });
        r.refund(stay(r, 'P8').v);
        return [];
      },
    },
    {
      name: 'per_day_types=[01] leaves nursing out',
      params: { per_day_types: ['01'] },
      build: (r) => {
        const n = stay(r, 'P9', NURSING);
        n.v.line({ ...NURSING, cnt: 4, time: '2023-03-06' });
        return [];
      },
    },
  ],
};
