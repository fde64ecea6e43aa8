import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// One treatment line (med_chrgitm_type 05) per visit: every share indicator and the fund share are
// then equal across institutions, so only the indicator a case varies can fire.
const ITEM = '003101000010000';

/** RegionBuilder writes admdvs 330700 for every institution; a case that needs other regions sets it here. */
function inRegion(r: RegionBuilder, code: string, admdvs: string, hosp_lv = '05'): void {
  r.institution(code, { hosp_lv });
  const rows = (r as unknown as { institutions: Map<string, Record<string, string>[]> }).institutions.get(code);
  if (!rows) throw new Error(`no institution ${code}`);
  for (const row of rows) row.admdvs = admdvs;
}

/** One outpatient visit costing `cost` yuan at `inst` on `day`, for a person of that institution. */
function op(r: RegionBuilder, inst: string, day: string, cost: string, extra: Record<string, string> = {}, vali_flag?: string) {
  const v = r.visit({ psn: `P${inst}`, inst, begin: day, extra, vali_flag });
  v.line({ code: ITEM, name: '普通治疗', cnt: 1, pric: cost, time: day });
  return v;
}

/** Institutions H1… (class 2, region 330700 unless already declared), one May visit each at these costs. */
function mayGroup(r: RegionBuilder, costs: string[], extra: Record<string, string> = {}): void {
  costs.forEach((c, i) => op(r, `H${i + 1}`, '2023-05-10', c, extra));
}

const MAY = { psn_no: '', amount: '0.00', occurred_at: '2023-05-31' };

export const table: CaseTable = {
  rule_id: 'provider_outlier',
  cases: [
    {
      name: 'an institution far above its four peers (次均门诊费用 500 vs median 110, MAD 10) is flagged with value, median and z',
      build: (r) => {
        mayGroup(r, ['100', '100', '110', '120', '500']);
        return [{ ...MAY, message: '机构H5 2023-05【次均门诊费用】为500.00元，同组5家（3307地区二级医疗机构）中位数110.00元，稳健Z值26.31；Z值超过阈值3.5' }];
      },
    },
    {
      name: 'the same outlier in a peer group of four (below min_peers=5) is not flagged',
      build: (r) => { mayGroup(r, ['100', '110', '120', '500']); return []; },
    },
    {
      name: 'z just above 3.5 fires: 161.90 → 0.6745 × 51.90 / 10 = 3.5007',
      build: (r) => {
        mayGroup(r, ['100', '100', '110', '120', '161.90']);
        return [{ ...MAY, message: '机构H5 2023-05【次均门诊费用】为161.90元，同组5家（3307地区二级医疗机构）中位数110.00元，稳健Z值3.50' }];
      },
    },
    {
      name: 'z just below 3.5 does not fire: 161.89 → 0.6745 × 51.89 / 10 = 3.49998',
      build: (r) => { mayGroup(r, ['100', '100', '110', '120', '161.89']); return []; },
    },
    {
      name: 'MAD = 0 falls back to the mean absolute deviation: z = 30 / (1.253314 × 6) = 3.99 fires',
      build: (r) => {
        mayGroup(r, ['100', '100', '100', '100', '130']);
        return [{ ...MAY, message: '中位数100.00元，稳健Z值3.99' }];
      },
    },
    {
      name: 'growth above 0.5 fires (100 → 150.01); exactly 0.5, below 0.5, a drop and a month with no previous month do not',
      build: (r) => {
        for (const [inst, may] of [['H1', '150.01'], ['H2', '150.00'], ['H3', '149.99']]) {
          op(r, inst, '2023-04-10', '100');
          op(r, inst, '2023-05-10', may);
        }
        op(r, 'H4', '2023-03-10', '100'); // no April: May's 500 has no previous month
        op(r, 'H4', '2023-05-10', '500');
        r.institution('H5', { hosp_lv: '08' }); // a drop, in a group of its own
        op(r, 'H5', '2023-04-10', '300');
        op(r, 'H5', '2023-05-10', '100');
        return [{ ...MAY, message: '机构H1 2023-05【次均门诊费用】为150.01元，同组4家（3307地区二级医疗机构）中位数150.01元，'
          + '稳健Z值不计算（同组不足5个）；较上月（100.00元）环比增长50.01%，超过阈值50%' }];
      },
    },
    {
      name: 'peer groups split by hosp_lv class, institution type and region: no group reaches five',
      build: (r) => {
        mayGroup(r, ['100', '100', '110', '120']);
        inRegion(r, 'H5', '331000');
        op(r, 'H5', '2023-05-10', '500');
        r.institution('H6', { hosp_lv: '02' });
        op(r, 'H6', '2023-05-10', '500');
        r.institution('P7', { hosp_lv: '05', type: '2' });
        op(r, 'P7', '2023-05-10', '500');
        return [];
      },
    },
    {
      name: 'two counties of one city are peers by default (region = first 4 admdvs digits)',
      build: (r) => {
        ['H1', 'H2', 'H3'].forEach((h) => inRegion(r, h, '330702'));
        ['H4', 'H5'].forEach((h) => inRegion(r, h, '330703'));
        mayGroup(r, ['100', '100', '110', '120', '500']);
        return [{ ...MAY, message: '机构H5 2023-05【次均门诊费用】为500.00元，同组5家（3307地区二级医疗机构）' }];
      },
    },
    {
      name: 'with region_digits=6 the two counties are separate groups (3 and 2) and nothing fires',
      params: { region_digits: 6 },
      build: (r) => {
        ['H1', 'H2', 'H3'].forEach((h) => inRegion(r, h, '330702'));
        ['H4', 'H5'].forEach((h) => inRegion(r, h, '330703'));
        mayGroup(r, ['100', '100', '110', '120', '500']);
        return [];
      },
    },
    {
      name: 'a refunded visit and a void visit do not count in the indicator',
      build: (r) => {
        mayGroup(r, ['100', '100', '110', '120', '105']);
        r.refund(op(r, 'H5', '2023-05-11', '500'));
        op(r, 'H5', '2023-05-12', '500', {}, '0');
        return [];
      },
    },
    {
      name: 'department level (levels=[department]): department A03 of H5 against A03 of its peers',
      params: { levels: ['department'] },
      build: (r) => {
        mayGroup(r, ['100', '100', '110', '120', '500'], { adm_dept_codg: 'A03' });
        return [{ ...MAY, message: '机构H5科室A03 2023-05【次均门诊费用】为500.00元，同组5个（3307地区二级医疗机构科室A03）中位数110.00元' }];
      },
    },
    {
      name: '平均住院日 20 days against 5, 5, 6, 7 (median 6, MAD 1, z 9.44)',
      build: (r) => {
        ['2023-05-06', '2023-05-06', '2023-05-07', '2023-05-08', '2023-05-21'].forEach((end, i) => {
          const v = r.visit({ psn: `Q${i}`, inst: `H${i + 1}`, med_type: '21', begin: '2023-05-01', end });
          v.line({ code: ITEM, name: '普通治疗', cnt: 1, pric: '800', time: '2023-05-01' });
        });
        return [{ ...MAY, message: '机构H5 2023-05【平均住院日】为20.00天，同组5家（3307地区二级医疗机构）中位数6.00天，稳健Z值9.44' }];
      },
    },
    {
      name: 'findings are cut to the audit period (May is before from)',
      from: '2023-06-01',
      build: (r) => { mayGroup(r, ['100', '100', '110', '120', '500']); return []; },
    },
  ],
};
