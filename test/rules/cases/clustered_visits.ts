import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// 一般诊疗费 and three drugs (阿莫西林胶囊, 对乙酰氨基酚片, 清瘟解毒胶囊 shapes): the same set for every member.
const SET = ['001101000060000', 'XJ01CAA040A001010100166', 'XN02BEA056A001010100377', 'ZA01AAQ0103010100166'];
/** Ten items for the similarity edge: 9 shared of 10 is Jaccard 0.9. */
const TEN = ['001101000060000', '002501010010000', '002502010010000', '002503010010000', '002504010010000',
  '002505010010000', '002506010010000', '002201010010000', '001201000020000', '001201000030000'];

/** n persons (ids prefix+k) visiting inst on day with main diagnosis diag and the given items, 8.00 yuan each. */
function group(r: RegionBuilder, prefix: string, n: number, inst: string, day: string, diag = 'J06.900',
  items: string[] = SET): Visit[] {
  const out: Visit[] = [];
  for (let k = 1; k <= n; k++) {
    const v = r.visit({ psn: `${prefix}${k}`, inst, begin: day, diag: [diag],
      extra: { begntime: `${day} 08:${String(k).padStart(2, '0')}:00` } });
    for (const code of items) v.line({ code, pric: '2.00', time: day });
    out.push(v);
  }
  return out;
}

export const table: CaseTable = {
  rule_id: 'clustered_visits',
  cases: [
    {
      name: '12 persons at one clinic on one day with the same diagnosis and items: one finding, first member, all members\' fund',
      build: (r) => {
        const vs = group(r, 'A', 12, 'H1', '2023-03-01');
        return [{ psn_no: 'A1', mdtrt_id: vs[0].mdtrt_id, amount: '96.00', occurred_at: '2023-03-01',
          message: '2023-03-01机构H1有12名参保人（12人次）主诊断均为【J06.900 J06.900】且诊疗项目高度相同（相似度≥0.9）' }];
      },
    },
    {
      name: 'boundary: 10 persons fire, 9 persons (one of them twice) do not',
      build: (r) => {
        const vs = group(r, 'B', 10, 'H1', '2023-03-02');
        group(r, 'C', 9, 'H2', '2023-03-02');
        group(r, 'C', 1, 'H2', '2023-03-02');
        return [{ mdtrt_id: vs[0].mdtrt_id, amount: '80.00', message: '10名参保人' }];
      },
    },
    {
      name: 'different main diagnoses are different groups',
      build: (r) => {
        group(r, 'D', 6, 'H1', '2023-03-03', 'J06.900');
        group(r, 'E', 6, 'H1', '2023-03-03', 'J02.900');
        return [];
      },
    },
    {
      name: 'similarity edge: 9 of 10 items in common (0.9) joins the group, 8 of 10 (0.8) does not',
      build: (r) => {
        const vs = group(r, 'F', 9, 'H1', '2023-04-01', 'J06.900', TEN);
        group(r, 'FX', 1, 'H1', '2023-04-01', 'J06.900', TEN.slice(1));
        group(r, 'G', 9, 'H2', '2023-04-01', 'J06.900', TEN);
        group(r, 'GX', 1, 'H2', '2023-04-01', 'J06.900', TEN.slice(2));
        return [{ mdtrt_id: vs[0].mdtrt_id, amount: '198.00', message: '10名参保人（10人次）' }];
      },
    },
    {
      name: 'usual pattern: an institution with such groups every day is flagged only the first day',
      build: (r) => {
        const first = group(r, 'K', 10, 'H3', '2023-06-01');
        group(r, 'K', 10, 'H3', '2023-06-02');
        group(r, 'K', 10, 'H3', '2023-06-03');
        return [{ mdtrt_id: first[0].mdtrt_id, amount: '80.00', occurred_at: '2023-06-01', message: '此前90天的0个门诊日中仅0天' }];
      },
    },
    {
      name: 'usual-share edge: groups on 1 of 2 earlier outpatient days are usual, on 0 of 2 or 1 of 3 days out of line',
      build: (r) => {
        group(r, 'L', 1, 'H4', '2023-05-01');
        const a = group(r, 'M', 10, 'H4', '2023-05-02');
        group(r, 'N', 10, 'H4', '2023-05-03');
        group(r, 'L', 1, 'H5', '2023-05-01');
        group(r, 'L', 1, 'H5', '2023-05-02');
        const b = group(r, 'O', 10, 'H5', '2023-05-03');
        const c = group(r, 'Q', 10, 'H5', '2023-05-04');
        return [{ mdtrt_id: a[0].mdtrt_id, amount: '80.00', occurred_at: '2023-05-02' },
          { mdtrt_id: b[0].mdtrt_id, amount: '80.00', occurred_at: '2023-05-03', message: '2个门诊日中仅0天' },
          { mdtrt_id: c[0].mdtrt_id, amount: '80.00', occurred_at: '2023-05-04', message: '3个门诊日中仅1天' }];
      },
    },
    {
      name: 'refunded and void visits, pharmacies and stays are not members',
      build: (r) => {
        const vs = group(r, 'R', 10, 'H1', '2023-07-01');
        r.refund(vs[9]);
        group(r, 'S', 10, 'H2', '2023-07-01').forEach((v, k) => { if (k === 0) v.input.vali_flag = '0'; });
        for (let k = 1; k <= 10; k++) {
          const v = r.visit({ psn: `T${k}`, inst: 'H3', med_type: k > 5 ? '41' : '21', begin: '2023-07-01', diag: ['J06.900'] });
          for (const code of SET) v.line({ code, time: '2023-07-01' });
        }
        return [];
      },
    },
    {
      name: 'parameters: 3 persons with identical item sets (similarity 1)',
      params: { min_persons: 3, similarity: 1 },
      build: (r) => {
        const vs = group(r, 'U', 3, 'H1', '2023-08-01');
        group(r, 'V', 2, 'H2', '2023-08-01');
        group(r, 'VX', 1, 'H2', '2023-08-01', 'J06.900', SET.slice(1));
        return [{ mdtrt_id: vs[0].mdtrt_id, amount: '24.00', message: '3名参保人' }];
      },
    },
  ],
};
